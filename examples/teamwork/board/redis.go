package board

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// Redis is a Store shared by every server process that uses the same Redis
// database: each board is a hash of task id to task JSON plus an id counter.
type Redis struct {
	client *redis.Client
	prefix string
}

// lockTTL bounds how long a crashed holder can block a board.
const lockTTL = 5 * time.Second

// unlockScript deletes the lock only if it is still ours, so that a holder
// whose lock expired cannot release the next holder's.
var unlockScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// NewRedis connects to the Redis server at url (redis://host:port/db) and
// checks that it answers. Keys are named "teamwork:<board>:...".
func NewRedis(ctx context.Context, url string) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("board: redis URL %q: %w", url, err)
	}
	c := redis.NewClient(opts)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("board: redis at %s: %w", opts.Addr, err)
	}
	return &Redis{client: c, prefix: "teamwork:"}, nil
}

func (r *Redis) key(board, part string) string { return r.prefix + board + ":" + part }

// Tasks implements Store.
func (r *Redis) Tasks(ctx context.Context, board string) ([]sse.Task, error) {
	vals, err := r.client.HGetAll(ctx, r.key(board, "tasks")).Result()
	if err != nil {
		return nil, fmt.Errorf("board: read tasks: %w", err)
	}
	tasks := make([]sse.Task, 0, len(vals))
	for _, v := range vals {
		var t sse.Task
		if err := json.Unmarshal([]byte(v), &t); err != nil {
			return nil, fmt.Errorf("board: task in redis: %w", err)
		}
		tasks = append(tasks, t)
	}
	// Ids grow with every add, so id order is the order tasks were added.
	slices.SortFunc(tasks, func(a, b sse.Task) int { return cmp.Compare(a.ID, b.ID) })
	return tasks, nil
}

func (r *Redis) put(ctx context.Context, board string, t sse.Task) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return r.client.HSet(ctx, r.key(board, "tasks"), strconv.FormatInt(t.ID, 10), b).Err()
}

func (r *Redis) get(ctx context.Context, board string, id int64) (sse.Task, error) {
	v, err := r.client.HGet(ctx, r.key(board, "tasks"), strconv.FormatInt(id, 10)).Result()
	if errors.Is(err, redis.Nil) {
		return sse.Task{}, ErrNotFound
	}
	if err != nil {
		return sse.Task{}, fmt.Errorf("board: read task: %w", err)
	}
	var t sse.Task
	if err := json.Unmarshal([]byte(v), &t); err != nil {
		return sse.Task{}, fmt.Errorf("board: task in redis: %w", err)
	}
	return t, nil
}

// Add implements Store.
func (r *Redis) Add(ctx context.Context, board, title string) (sse.Task, error) {
	title, err := CleanTitle(title)
	if err != nil {
		return sse.Task{}, err
	}
	id, err := r.client.Incr(ctx, r.key(board, "next")).Result()
	if err != nil {
		return sse.Task{}, fmt.Errorf("board: next id: %w", err)
	}
	t := sse.Task{ID: id, Title: title}
	if err := r.put(ctx, board, t); err != nil {
		return sse.Task{}, fmt.Errorf("board: add task: %w", err)
	}
	return t, nil
}

// Toggle implements Store. Callers hold the board's lock, so the read and
// the write cannot interleave with another change of the board.
func (r *Redis) Toggle(ctx context.Context, board string, id int64) (sse.Task, error) {
	t, err := r.get(ctx, board, id)
	if err != nil {
		return sse.Task{}, err
	}
	t.Done = !t.Done
	if err := r.put(ctx, board, t); err != nil {
		return sse.Task{}, fmt.Errorf("board: toggle task: %w", err)
	}
	return t, nil
}

// Delete implements Store.
func (r *Redis) Delete(ctx context.Context, board string, id int64) (sse.Task, error) {
	t, err := r.get(ctx, board, id)
	if err != nil {
		return sse.Task{}, err
	}
	if err := r.client.HDel(ctx, r.key(board, "tasks"), strconv.FormatInt(id, 10)).Err(); err != nil {
		return sse.Task{}, fmt.Errorf("board: delete task: %w", err)
	}
	return t, nil
}

// Lock implements Store with a Redis key that expires after lockTTL, so a
// crashed process cannot block the board for ever.
func (r *Redis) Lock(ctx context.Context, board string) (func(), error) {
	var buf [16]byte
	rand.Read(buf[:])
	token := hex.EncodeToString(buf[:])
	key := r.key(board, "lock")
	for {
		ok, err := r.client.SetNX(ctx, key, token, lockTTL).Result()
		if err != nil {
			return nil, fmt.Errorf("board: lock: %w", err)
		}
		if ok {
			return func() {
				// A fresh context: the request may be gone, the lock must not stay.
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				unlockScript.Run(ctx, r.client, []string{key}, token)
			}, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Close implements Store.
func (r *Redis) Close() error { return r.client.Close() }

// SetTyping implements Store with a sorted set scored by the time each
// user's typing expires.
func (r *Redis) SetTyping(ctx context.Context, board, user string, until time.Time) ([]string, error) {
	key := r.key(board, "typing")
	var err error
	if until.IsZero() {
		err = r.client.ZRem(ctx, key, user).Err()
	} else {
		err = r.client.ZAdd(ctx, key, redis.Z{Score: float64(until.UnixMilli()), Member: user}).Err()
	}
	if err != nil {
		return nil, fmt.Errorf("board: set typing: %w", err)
	}
	return r.Typing(ctx, board)
}

// Typing implements Store: entries whose time has passed are dropped.
func (r *Redis) Typing(ctx context.Context, board string) ([]string, error) {
	key := r.key(board, "typing")
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	r.client.ZRemRangeByScore(ctx, key, "-inf", "("+now)
	users, err := r.client.ZRangeArgs(ctx, redis.ZRangeArgs{Key: key, ByScore: true, Start: "(" + now, Stop: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("board: read typing: %w", err)
	}
	slices.Sort(users)
	return users, nil
}
