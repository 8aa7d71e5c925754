package jsonevent

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// plain turns parseJSON's objects into map[string]any, the shape
// encoding/json produces, so the two readers can be compared.
func plain(v any) any {
	switch x := v.(type) {
	case object:
		m := map[string]any{}
		for k, e := range x {
			m[k] = plain(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// checkLikeStdlib fails when parseJSON and encoding/json disagree on s:
// both accept it with the same value, or both refuse it.
func checkLikeStdlib(t *testing.T, s string) {
	t.Helper()
	got, err := parseJSON(s)
	var want any
	werr := json.Unmarshal([]byte(s), &want)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%q: parseJSON error %v, encoding/json error %v", s, err, werr)
	}
	if err == nil && !reflect.DeepEqual(plain(got), want) {
		t.Fatalf("%q: parseJSON %#v, encoding/json %#v", s, plain(got), want)
	}
}

func TestParseJSONLikeStdlib(t *testing.T) {
	for _, s := range []string{
		`{}`, `[]`, ` {"a": [1, -2.5e3, true, false, null, "x"]} `, `{"a":{"b":{"c":[]}}}`,
		`"\u00e9\ud83d\ude00\n\t\"\\\/"`, `"\ud800 lone"`, `"bad \x utf8 \xff"`, `{"a":1,"a":2}`,
		`{"a":1,}`, `[1,]`, `{"a" 1}`, `{a:1}`, `"open`, `"ctl ` + "\x01" + `"`, `tru`, `{"a":1} x`,
		`01`, `-`, `1.`, `"\u12"`, `"\q"`, "", `[` + strings.Repeat(`[`, 10) + strings.Repeat(`]`, 11),
	} {
		checkLikeStdlib(t, s)
	}
}

func TestParseJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	if _, err := parseJSON(deep); err == nil {
		t.Error("100000 nested arrays accepted; want a nesting limit")
	}
}

func TestObjectIgnoresCase(t *testing.T) {
	v, err := parseJSON(`{"NotificationType":"Bounce","mail":{"commonHeaders":{"to":["a@example.com",1,"b@example.com"]}}}`)
	if err != nil {
		t.Fatal(err)
	}
	o := v.(object)
	if got := o.str("notificationType"); got != "Bounce" {
		t.Errorf("notificationType = %q", got)
	}
	if got := o.obj("mail").obj("commonHeaders").strings("to"); !reflect.DeepEqual(got, []string{"a@example.com", "b@example.com"}) {
		t.Errorf("to = %q", got)
	}
	if o.obj("missing").str("x") != "" || o.str("mail") != "" {
		t.Error("a missing member or one of another type must read as empty")
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b",null]}`, `"\ud83d\ude00"`, `[1e400]`, `{"x":{}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, "[")+strings.Count(s, "{") > maxNesting {
			return // encoding/json nests deeper than we allow
		}
		checkLikeStdlib(t, s)
	})
}
