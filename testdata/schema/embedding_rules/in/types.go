package sse

// inner is unexported, but its exported fields are promoted.
type inner struct {
	Visible string `json:"visible"`
}

// Deep holds fields two levels down.
type Deep struct {
	Name  string `json:"name"`
	Label string
}

// Mid embeds Deep and hides some of its fields.
type Mid struct {
	Deep
	// Label wins over Deep.Label: it is shallower.
	Label string `json:"label"`
}

// Tagged carries a tagged field that wins over an untagged one of the
// same name at the same depth.
type Tagged struct {
	Code string `json:"Code"`
}

// Untagged carries the untagged one.
type Untagged struct {
	Code string
}

// Key is a named string type embedded as a plain field.
type Key string

// Titled has a tagged Title two levels below Posted's own untagged Title,
// which wins because it is shallower.
type Titled struct {
	Title string `json:"Title"`
	// Subtitle is not hidden: it is promoted.
	Subtitle string `json:"subtitle"`
}
