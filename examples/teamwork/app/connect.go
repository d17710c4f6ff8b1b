package app

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// onConnect sends a tab that has nothing to resume from the whole current
// state of the channel it opens: a first visit, a reconnect after a server
// restart, or one whose history ran out. It reads under the board's lock,
// the lock every change publishes under, so the state it sends and the
// live events that follow neither overlap nor leave a gap.
func (a *App) onConnect(s *runtime.Snapshot) error {
	board, ok := strings.CutPrefix(s.Channel, "board:")
	if !ok {
		return fmt.Errorf("channel %q is not a board", s.Channel)
	}
	ctx := s.Request.Context()
	unlock, err := a.store.Lock(ctx, board)
	if err != nil {
		return err
	}
	defer unlock()
	switch s.Stream {
	case sse.BoardHTMLStream.Name:
		snap, err := a.snapshot(ctx, board)
		if err != nil {
			return err
		}
		if err := a.frags.SendBoardSnapshotFragment(s, snap); err != nil {
			return err
		}
		online, err := a.online.total(board)
		if err != nil {
			return err
		}
		if err := a.frags.SendUsersOnlineFragment(s, sse.UsersOnline{BoardID: board, Count: online}); err != nil {
			return err
		}
		users, err := a.store.Typing(ctx, board)
		if err != nil {
			return err
		}
		// The typing fragment shows the whole list, whoever started.
		return a.frags.SendUserTypingFragment(s, sse.UserTyping{BoardID: board, Typing: nonNil(users)})
	case "task":
		snap, err := a.snapshot(ctx, board)
		if err != nil {
			return err
		}
		return sendTyped(s, snap)
	case "presence":
		online, err := a.online.total(board)
		if err != nil {
			return err
		}
		return sendTyped(s, sse.UsersOnline{BoardID: board, Count: online})
	case "typing":
		users, err := a.store.Typing(ctx, board)
		if err != nil {
			return err
		}
		for _, u := range users {
			if err := sendTyped(s, sse.UserTyping{BoardID: board, User: u, Typing: nonNil(users)}); err != nil {
				return err
			}
		}
	}
	return nil
}
