package kbform

import "testing"

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"  User\tUnknown \r\n", "user unknown"},
		{"550 5.1.1  <A@Example.COM>", "550 5.1.1 <a@example.com>"},
		{"\n\n\n", ""},
		{"Postfach VOLL", "postfach voll"},
		{"EMPFÄNGER unbekannt", "empfänger unbekannt"},
		{"Empfa\u0308nger", "empfänger"},                     // decomposed umlaut
		{"ＵＳＥＲ　ＵＮＫＮＯＷＮ　５５０", "user unknown 550"},             // full width
		{"ﾕｰｻﾞｰ", "ユーザー"},                                    // half-width katakana and voicing mark
		{"宛先\u00a0不明", "宛先 不明"},                              // no-break space
		{"ПОЧТОВЫЙ ЯЩИК", "почтовый ящик"},                   // Cyrillic
		{"ΓΡΑΜΜΑΤΟΚΙΒΏΤΙΟ ΠΛΉΡΕΣ", "γραμματοκιβωτιο πληρεσ"}, // Greek, final sigma, no accents
		{"zero\u200bwidth", "zerowidth"},
		{"İSTANBUL", "istanbul"},
		// What Japanese and Chinese bounces hold: full-width codes and
		// punctuation, half-width katakana, the ideographic space, and the
		// characters Shift_JIS and CP932 decoders disagree on.
		{"エラー：５５０　５．１．１　（ＲＣＰＴ　ＴＯ）", "エラー:550 5.1.1 (rcpt to)"},
		{"ﾒｰﾙﾎﾞｯｸｽ容量ｵｰﾊﾞｰ", "メールボックス容量オーバー"},
		{"ﾊﾟｽﾜｰﾄﾞ", "パスワード"},
		{"１〜３日", "1~3日"},
		{"１～３日", "1~3日"},
		{"−５５０", "-550"},
		{"－５５０", "-550"},
		{"￥５５０", "¥550"},
		{"收件人：ｊｄｏｅ＠ｅｘａｍｐｌｅ．ｃｎ", "收件人:jdoe@example.cn"},
		{"받는 사람：ＪＤＯＥ＠ＥＸＡＭＰＬＥ．ＫＲ", "받는 사람:jdoe@example.kr"},
		{"ΔΕΝ ΕΙΝΑΙ ΔΥΝΑΤΗ Η ΠΑΡΑΔΟΣΗ", "δεν ειναι δυνατη η παραδοση"}, // Greek capitals
		{"Δεν είναι δυνατή η παράδοση", "δεν ειναι δυνατη η παραδοση"},
		{"παρα\u0301δοση", "παραδοση"},                                           // decomposed tonos
		{"Adresa nu există; căsuţa e plină", "adresa nu există; căsuța e plină"}, // Romanian cedilla
		{"CĂSUȚA POȘTALĂ", "căsuța poștală"},                                     // Romanian comma below
		{"casut\u0327a s\u0326i", "casuța și"},                                   // decomposed cedilla and comma
		{"ŞEHIR ALICI", "șehir alici"},                                           // Turkish ş and I
		{"alıcı bulunamadı", "alici bulunamadi"},                                 // Turkish dotless i
	} {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeMap checks that every byte of the result points back at the
// character it came from, so a match can be highlighted in the original.
func TestNormalizeMap(t *testing.T) {
	for _, in := range []string{
		"plain ascii  text",
		"Ｍａｉｌｂｏｘ ＦＵＬＬ",
		"Empfa\u0308nger  unbekannt",
		"  ﾕｰｻﾞｰ 不明 ",
		"",
	} {
		out, at := NormalizeMap(in)
		if out != Normalize(in) {
			t.Errorf("NormalizeMap(%q) = %q, Normalize gives %q", in, out, Normalize(in))
		}
		if len(at) != len(out)+1 || at[len(out)] != len(in) {
			t.Fatalf("NormalizeMap(%q): %d offsets for %d bytes", in, len(at), len(out))
		}
		for i := 1; i < len(at); i++ {
			if at[i] < at[i-1] || at[i] > len(in) {
				t.Errorf("NormalizeMap(%q): offsets not increasing at %d: %v", in, i, at)
				break
			}
		}
	}
}

func BenchmarkNormalizeASCII(b *testing.B) {
	s := "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
	for b.Loop() {
		Normalize(s)
	}
}
