package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/lang"
	"github.com/bounce-explainer/bounce/classify/rules"
)

// The wording of delivery reports in other languages, from the data files
// of package lang (classify/lang/data/<tag>.txt). English wording lives in
// signals.go; these sets hold every other language's, all languages
// together: a report's language is not needed to recognise it, and a
// German bounce quoting a French error is still a bounce. Each set finds
// its phrases in normalised text in one pass (lang.Set).
var (
	langSubjects  *lang.Set // subject words of delivery reports
	langFailed    *lang.Set // sentences that say the delivery failed
	langDelayed   *lang.Set // sentences that say it is still being tried
	langReport    *lang.Set // failed sentences and report section titles
	langSections  *lang.Set // section titles of report templates
	langAutoreply *lang.Set // out-of-office markers
)

func init() {
	var subj, failed, delayed, sections, auto [][]string
	for _, d := range lang.All() {
		if d.Tag == "en" {
			continue
		}
		subj, failed, delayed = append(subj, d.Subject), append(failed, d.Failed), append(delayed, d.Delayed)
		sections, auto = append(sections, d.Section, d.Original), append(auto, d.Autoreply)
	}
	langSubjects, langFailed, langDelayed = lang.NewSet(subj...), lang.NewSet(failed...), lang.NewSet(delayed...)
	langReport, langAutoreply = lang.NewSet(append(failed, sections...)...), lang.NewSet(auto...)
	langSections = lang.NewSet(sections...)
}

// isForeignErrorLine is isErrorLine for the text of a delivery report: a
// line that says, in another language, that a delivery failed or is
// delayed is an error line too, even with no code and no known phrase.
func isForeignErrorLine(line string) bool {
	if isErrorLine(line) {
		return true
	}
	norm := rules.Normalize(firstN(line, maxForeignLine))
	return langFailed.Has(norm) || langDelayed.Has(norm)
}

// maxForeignLine bounds the bytes of a line read for foreign markers.
const maxForeignLine = 4096

// reportShaped reports whether a reading is a delivery report by its
// header or, in another language, by its own words: a report's section
// title, or a pasted text whose first line is a report's subject. Only
// then do foreign failure sentences count as error lines: "Ihr Paket
// konnte nicht zugestellt werden" in an ordinary message is no bounce.
func reportShaped(rd *reading) bool {
	if rd.bounceish {
		return true
	}
	if !rd.foreign() {
		return false
	}
	said := rd.explanation
	if rd.cut >= 0 && rd.cut <= len(said) {
		said = said[:rd.cut]
	}
	return normalizedHas(langSections, firstN(said, maxDetectBytes)) ||
		rd.pasted && normalizedHas(langSubjects, firstN(strings.TrimSpace(said), 200))
}

// maxDetectBytes bounds the text searched for report section titles.
const maxDetectBytes = 64 << 10

// langOf is a reading's language, told on first use.
type langOf struct {
	tag  string
	read bool
}

// language returns the reading's language, telling it the first time.
func (rd *reading) language() langOf {
	if rd.lang == nil {
		tag, read := languageOf(rd)
		rd.lang = &langOf{tag, read}
	}
	return *rd.lang
}

// foreign reports whether the reading may be in another language than
// English: only then are the other languages' phrases looked for in its
// whole text, which keeps English bounces as fast as before.
func (rd *reading) foreign() bool {
	return rd.language().tag != "en"
}

// languageOf tells the language of a reading: its subject and the
// explanation up to the returned message.
func languageOf(rd *reading) (tag string, read bool) {
	text := rd.explanation
	if rd.cut >= 0 && rd.cut <= len(text) {
		text = text[:rd.cut]
	}
	if rd.subject != "" {
		// Detect reads only the start: copy no more than that.
		text = rd.subject + "\n" + firstN(text, lang.MaxText)
	}
	return lang.Detect(text)
}

// setLanguage fills the report's language fields.
func setLanguage(rep *Report, rd *reading) {
	l := rd.language()
	rep.Language, rep.LanguageRead = l.tag, l.read
	if rep.Language != "" {
		rep.LanguageName = lang.Name(rep.Language)
	}
}

// warnUnread is the warning for text in a language the classifier has no
// wording for: it is not called "not a bounce" with confidence.
func warnUnread(rep *Report) string {
	name := rep.LanguageName
	if name == "" {
		name = rep.Language
	}
	if rep.Bounce {
		return "This text is in " + name + ", a language the explainer does not read yet: the verdict rests on the codes and any English in it, not on its " + name + " wording."
	}
	return "This text is in " + name + ", a language the explainer does not read yet, so it cannot tell whether this looks like a bounce. Codes in it (such as 550 or 5.1.1) can still be looked up in the knowledge base."
}

// normalizedHas reports whether s, normalised, holds a phrase of set.
func normalizedHas(set *lang.Set, s string) bool {
	if s == "" {
		return false
	}
	return set.Has(rules.Normalize(s))
}

// foreignDelay reports whether text says, in another language, that the
// delivery is still being tried, and the subject says so too or the text
// does not also say that it failed.
func foreignDelay(subject, text string) bool {
	t := rules.Normalize(text)
	if !langDelayed.Has(t) {
		return false
	}
	s := rules.Normalize(subject)
	return langDelayed.Has(s) || strings.HasPrefix(s, "warning") || !langFailed.Has(t)
}
