package schema_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/schema"
	alltypes "github.com/ssegen/ssegen/testdata/alltypes"
	embedding "github.com/ssegen/ssegen/testdata/schema/embedding_rules/in"
	otherpkg "github.com/ssegen/ssegen/testdata/schema/other_package_types/in"
	seed "github.com/ssegen/ssegen/testdata/seed"
)

// TestFieldsMatchEncodingJSON checks the model against encoding/json
// itself: for every event of the shared schemas and of the cases that
// load, a value with every field
// set must marshal to exactly the model's JSON names, in the model's
// order, with the string option quoting exactly where the model says.
func TestFieldsMatchEncodingJSON(t *testing.T) {
	values := map[string]any{
		"CardCreated": alltypes.CardCreated{}, "CardMoved": alltypes.CardMoved{},
		"CardArchived": alltypes.CardArchived{}, "ProfileUpdated": alltypes.ProfileUpdated{},
		"AvatarChanged": alltypes.AvatarChanged{}, "Tick": alltypes.Tick{},
		"Heartbeat": alltypes.Heartbeat{}, "CommentAdded": seed.CommentAdded{},
		"CommentUpdated": seed.CommentUpdated{}, "EmailSent": seed.EmailSent{},
		"TaskComplete": seed.TaskComplete{}, "SystemAlert": seed.SystemAlert{},
		"Posted": embedding.Posted{}, "Shared": otherpkg.Shared{},
	}
	checked := 0
	for _, dir := range []string{"../testdata/alltypes", "../testdata/seed",
		"../testdata/schema/embedding_rules/in", "../testdata/schema/other_package_types/in"} {
		m, err := schema.Options{BaseDir: dir}.Load(dir)
		if err != nil {
			t.Fatalf("Load(%s): %v", dir, err)
		}
		for _, s := range m.Streams {
			for _, ev := range s.Events {
				zero, ok := values[ev.Name]
				if !ok {
					t.Errorf("event %s has no value in this test: add it", ev.Name)
					continue
				}
				checkEvent(t, ev, zero)
				checked++
			}
		}
	}
	if checked != len(values) {
		t.Errorf("checked %d events, want %d", checked, len(values))
	}
}

func checkEvent(t *testing.T, ev *schema.Record, zero any) {
	t.Helper()
	v := reflect.New(reflect.TypeOf(zero)).Elem()
	fill(v, "")
	data, err := json.Marshal(v.Interface())
	if err != nil {
		t.Fatalf("%s: %v", ev.Name, err)
	}
	names, raws := members(t, data)
	var want []string
	for _, f := range ev.Fields {
		want = append(want, f.JSONName)
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("%s: encoding/json writes the members\n%v\nthe model has\n%v", ev.Name, names, want)
		return
	}
	for i, f := range ev.Fields {
		quoted := bytes.HasPrefix(raws[i], []byte(`"`))
		ft := f.Type
		for ft.Kind == schema.KindPointer {
			ft = ft.Elem
		}
		isText := ft.Kind == schema.KindString || ft.Kind == schema.KindTime || ft.Kind == schema.KindBytes ||
			(ft.Kind == schema.KindEnum && ft.Basic == "string")
		if !isText && quoted != f.String {
			t.Errorf("%s.%s: encoding/json wrote %s, the model says String=%v", ev.Name, f.GoName, raws[i], f.String)
		}
		// fill sets strings to their field path: the member must come from
		// the Go field the model names.
		if ft.Kind == schema.KindString && f.Type.Kind == schema.KindString && !f.String {
			want, _ := json.Marshal(strings.Join(f.Path, "."))
			if !bytes.Equal(raws[i], want) {
				t.Errorf("%s: member %q is %s in encoding/json's output, but the model takes it from %s", ev.Name, f.JSONName, raws[i], want)
			}
		}
	}
}

// members returns the member names of a JSON object in order, and their
// raw values.
func members(t *testing.T, data []byte) ([]string, []json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var names []string
	var raws []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		names = append(names, tok.(string))
		raws = append(raws, raw)
	}
	return names, raws
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// fill sets every settable part of v to a non-zero value, so that no
// omitempty or omitzero field is left out. Strings are set to the path of
// Go field names that leads to them from the event.
func fill(v reflect.Value, path string) {
	if v.Kind() == reflect.Struct && v.Type() != timeType {
		// An embedded unexported struct cannot be set, but its exported
		// fields can, and encoding/json writes them.
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			if path != "" {
				name = path + "." + name
			}
			fill(v.Field(i), name)
		}
		return
	}
	if !v.CanSet() {
		return
	}
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Unix(1700000000, 0).UTC()))
		return
	case v.Type() == rawType:
		v.SetBytes([]byte(`{"k":1}`))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), path)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), path)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), path)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fill(k, path)
		fill(e, path)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}
