package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ssegen/ssegen/gen/files"
)

func newGenerateCmd() *cobra.Command {
	o := &options{}
	var verbose bool
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Check the models and write the generated code",
		Long: `Generate loads and checks the models package, runs the generators and
writes their files. Nothing is written when any check fails. Files whose
bytes are unchanged are left alone; generated files that are no longer made
are removed (only files whose first line is ssegen's "Code generated" header,
and only in the directories the generators write to).

` + pathsHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			outs, err := render(o, cmd.ErrOrStderr(), ExitFailed)
			if err != nil {
				return err
			}
			changes, err := files.Write(outs)
			if err != nil {
				printErrors(cmd.ErrOrStderr(), err)
				return exitCode(ExitFailed)
			}
			if verbose {
				for _, c := range changes {
					if c.Action != files.Keep {
						fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", c.Action, filepath.ToSlash(c.Path))
					}
				}
			}
			return nil
		},
	}
	o.addModelsFlag(cmd)
	o.addTargetFlags(cmd)
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list the files created, updated and removed on stdout")
	return cmd
}

func newDiffCmd() *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show how the generated code on disk differs from what generate would write",
		Long: `Diff does what generate does but writes nothing: it prints a unified diff of
every file that generate would change, create or remove.

Exit codes: 0 when the files on disk are up to date, 1 when they differ (the
diff is on stdout), 2 on any error, schema errors included. CI runs it to
keep generated code honest.

` + pathsHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			outs, err := render(o, cmd.ErrOrStderr(), ExitUsage)
			if err != nil {
				return err
			}
			d, err := files.Diff(outs)
			if err != nil {
				printErrors(cmd.ErrOrStderr(), err)
				return exitCode(ExitUsage)
			}
			if len(d) == 0 {
				return nil
			}
			if _, err := cmd.OutOrStdout().Write(d); err != nil {
				return exitCode(ExitUsage)
			}
			return exitCode(ExitFailed)
		},
	}
	o.addModelsFlag(cmd)
	o.addTargetFlags(cmd)
	return cmd
}

func newCheckCmd() *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the models without writing anything",
		Long: `Check loads and checks the models package, runs the checks of the chosen
generators and renders their output in memory, writing nothing. It prints
every problem as file:line:col: message on stderr, for editors and
pre-commit hooks, and exits 1 when there is any.

` + pathsHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := render(o, cmd.ErrOrStderr(), ExitFailed)
			return err
		},
	}
	o.addModelsFlag(cmd)
	o.addTargetFlags(cmd)
	return cmd
}
