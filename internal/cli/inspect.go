package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"
)

func newInspectCmd() *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "inspect",
		Short: "Print the checked model of the streams as JSON",
		Long: `Inspect loads and checks the models package and prints the model every
generator reads, as indented JSON on stdout: streams, events, fields, types,
records and enums with their source positions. For debugging, and for other
tools to build on.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := load(o, cmd.ErrOrStderr(), ExitFailed)
			if err != nil {
				return err
			}
			b, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				printErrors(cmd.ErrOrStderr(), err)
				return exitCode(ExitFailed)
			}
			_, err = cmd.OutOrStdout().Write(append(b, '\n'))
			return err
		},
	}
	o.addModelsFlag(cmd)
	return cmd
}
