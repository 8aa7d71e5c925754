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
	langAutoreply *lang.Set // out-of-office markers
)

func init() {
	var subj, failed, delayed, sections, auto [][]string
	for _, d := range lang.All() {
		if d.Tag == "en" {
			continue
		}
		subj, failed, delayed = append(subj, d.Subject), append(failed, d.Failed), append(delayed, d.Delayed)
		sections, auto = append(sections, d.Section), append(auto, d.Autoreply)
	}
	langSubjects, langFailed, langDelayed = lang.NewSet(subj...), lang.NewSet(failed...), lang.NewSet(delayed...)
	langReport, langAutoreply = lang.NewSet(append(failed, sections...)...), lang.NewSet(auto...)
}

// statesFailureOrDelay reports whether a normalised line says, in another
// language, that a delivery failed or is delayed: with no code and no
// known error phrase, it is still an error line of a bounce.
func statesFailureOrDelay(norm string) bool {
	return langFailed.Has(norm) || langDelayed.Has(norm)
}

// languageOf tells the language of a reading: its subject and the
// explanation up to the returned message.
func languageOf(rd *reading) (tag string, read bool) {
	text := rd.explanation
	if rd.cut >= 0 && rd.cut <= len(text) {
		text = text[:rd.cut]
	}
	if rd.subject != "" {
		text = rd.subject + "\n" + text
	}
	return lang.Detect(text)
}

// setLanguage fills the report's language fields.
func setLanguage(rep *Report, rd *reading) {
	rep.Language, rep.LanguageRead = languageOf(rd)
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
