// Package cli is the ssegen command line: cobra commands that wire flags to
// the schema loader, the generators and the writer, and nothing else.
// Run executes one command line in-process, so that tests drive it whole.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, the same for every command.
const (
	// ExitOK means success: for diff, the output is up to date.
	ExitOK = 0
	// ExitFailed means schema errors, stale output (diff), or a failure to
	// generate or write.
	ExitFailed = 1
	// ExitUsage means the command line itself is wrong; for diff, any error.
	ExitUsage = 2
)

// exitCode is returned by commands that have already reported the problem
// on stderr and only need the process to end with the code.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// usageError marks an error in the command line found by a command rather
// than by cobra's parser; both end with ExitUsage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// Run executes the ssegen command line args (without the program name)
// with the given standard streams, and returns the exit code. It keeps no
// state between calls.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	// Anything else is a usage error, from cobra's parser or a usageError.
	fmt.Fprintf(stderr, "ssegen: %v\n", err)
	if cmd == nil {
		cmd = root
	}
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	return ExitUsage
}

// newRoot builds a fresh command tree, so that flag values never leak from
// one Run to the next.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "ssegen",
		Short: "Typed Server-Sent Event streams from plain Go structs",
		Long: `ssegen turns plain Go structs into typed Server-Sent Event streams.

Each file models/sse/<name>_sse.go declares one stream; each exported struct
in it is an event of that stream. ssegen checks them and generates Go
publishers and routes, Elm types, decoders and subscriptions, and the JS glue
between the browser's EventSource and Elm.

Exit codes: 0 success, 1 schema errors or stale output, 2 usage errors
(for diff: 0 up to date, 1 differs, 2 any error).`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// No Args: cobra then reports an unknown command with "Did you
		// mean this?" suggestions (`ssegen gen` suggests generate).
		Version: buildVersion(),
		// Without a command there is nothing to do: show what there is.
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.ErrOrStderr())
			_ = cmd.Usage()
			return exitCode(ExitUsage)
		},
	}
	root.SetVersionTemplate("ssegen {{.Version}}\n")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newGenerateCmd(),
		newDiffCmd(),
		newCheckCmd(),
		newInspectCmd(),
		newInitCmd(),
		newVersionCmd(),
	)
	// cobra's help and completion commands show some help for an unknown
	// topic or shell and succeed; make those usage errors like any other.
	// The completion command captures the output streams here, so they
	// must be set before.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			show := c.Run
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if found, rest, err := cmd.Root().Find(args); err != nil || found == nil || len(rest) > 0 {
					return usageError{fmt.Errorf("unknown help topic %q", strings.Join(args, " "))}
				}
				show(cmd, args)
				return nil
			}
		}
		if c.Name() == "completion" {
			// cobra's own NoArgs would call the shell an unknown command.
			c.Args = func(_ *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Errorf("unknown shell %q: choose bash, zsh, fish or powershell", args[0])}
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, args []string) error {
				cmd.SetOut(cmd.ErrOrStderr())
				_ = cmd.Usage()
				return exitCode(ExitUsage)
			}
		}
	}
	return root
}
