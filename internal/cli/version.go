package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// modulePath is ssegen's own module, looked up in the build information.
const modulePath = "github.com/ssegen/ssegen"

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print ssegen's version",
		Long: `Version prints the version of the ssegen module this binary was built from,
or "(devel)" for a build from a working tree.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "ssegen %s\n", buildVersion())
			return err
		},
	}
}

// buildVersion is ssegen's version in this binary's build information.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return version(bi)
}

// version finds ssegen's module in bi: it is the main module when ssegen
// is built or installed itself, and a dependency when it runs as another
// module's tool.
func version(bi *debug.BuildInfo) string {
	if bi == nil {
		return "(devel)"
	}
	mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
	for _, m := range mods {
		if m == nil || m.Path != modulePath {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Version == "" {
			return "(devel)"
		}
		return m.Version
	}
	return "(devel)"
}
