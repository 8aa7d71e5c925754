package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataFiles(t *testing.T) {
	entries, err := os.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	scripts := map[string]bool{"Latn": true, "Cyrl": true, "Grek": true, "Jpan": true, "Hans": true, "Hant": true, "Hang": true}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("data", e.Name()))
		d, problems := Parse(strings.TrimSuffix(e.Name(), ".txt"), string(b))
		for _, p := range problems {
			t.Error(p)
		}
		if d.Name == "" || d.Native == "" || !scripts[d.Script] {
			t.Errorf("%s: needs name, native and a known script (got %q %q %q)", e.Name(), d.Name, d.Native, d.Script)
		}
		if d.Script == "Latn" && len(d.Words) < 20 {
			t.Errorf("%s: %d function words; Latin-script languages need 20 or more", e.Name(), len(d.Words))
		}
		for _, list := range [][]string{d.Subject, d.Failed, d.Delayed, d.Section, d.Original} {
			for _, p := range list {
				if len(p) < 4 {
					t.Errorf("%s: marker %q is too short to be specific to delivery reports", e.Name(), p)
				}
			}
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		text, tag string
		read      bool
	}{
		{"Your message could not be delivered to the following recipients because the mailbox is full.", "en", true},
		{"Ihre Nachricht konnte nicht an die folgenden Empfänger zugestellt werden, da das Postfach voll ist.", "de", true},
		{"Votre message n'a pas pu être remis aux destinataires suivants car la boîte aux lettres est pleine.", "fr", true},
		{"Thư của bạn không được gửi đến người nhận vì hộp thư đã đầy.", "vi", false},
		{"Pesan Anda tidak dapat dikirim ke alamat yang dituju karena kotak surat penuh.", "id", false},
		{"Ваше сообщение не было доставлено: почтовый ящик переполнен.", "ru", Get("ru") != nil && Get("ru").Read()},
		{"Ваше повідомлення не було доставлено: поштова скринька переповнена, спробуйте пізніше.", "uk", Get("uk") != nil && Get("uk").Read()},
		{"Το μήνυμά σας δεν ήταν δυνατό να παραδοθεί στον παραλήπτη.", "el", Get("el") != nil && Get("el").Read()},
		{"메시지를 전송하지 못했습니다. 받는 사람의 메일함이 가득 찼습니다.", "ko", Get("ko") != nil && Get("ko").Read()},
		{"メッセージを配信できませんでした。宛先のメールボックスが一杯です。", "ja", Get("ja") != nil && Get("ja").Read()},
		{"您的邮件无法送达以下收件人，因为对方邮箱已满。", "zh-Hans", Get("zh-Hans") != nil && Get("zh-Hans").Read()},
		{"您的郵件無法送達以下收件人，因為對方郵箱已滿。", "zh-Hant", Get("zh-Hant") != nil && Get("zh-Hant").Read()},
		{"تعذر تسليم رسالتك إلى المستلم لأن صندوق البريد ممتلئ.", "ar", false},
		{"לא ניתן היה למסור את ההודעה שלך לנמען.", "he", false},
		{"आपका संदेश प्राप्तकर्ता को नहीं भेजा जा सका क्योंकि मेलबॉक्स भरा हुआ है।", "hi", false},
		{"ไม่สามารถส่งข้อความของคุณไปยังผู้รับได้เนื่องจากกล่องจดหมายเต็ม", "th", false},
		// Too little to tell: no tag, nothing to warn about.
		{"550 5.1.1", "", true},
		{"Postfach voll", "", true},
		// A localized bounce with English headers and a code keeps its language.
		{"Diagnostic-Code: smtp; 550 5.1.1 user unknown\nDie Nachricht konnte nicht zugestellt werden, da der Empfänger nicht existiert. Bitte prüfen Sie die Adresse.", "de", true},
		// An English bounce quoting a Cyrillic name stays English.
		{"The message to Иван <ivan@example.com> could not be delivered because the address was not found.", "en", true},
	}
	for _, tc := range tests {
		tag, read := Detect(tc.text)
		if tag != tc.tag || read != tc.read {
			t.Errorf("Detect(%.40q) = %q, %v; want %q, %v", tc.text, tag, read, tc.tag, tc.read)
		}
	}
}

// TestDetectSkipsQuotedHeaders: a localized report that quotes the
// returned message's headers, or its English text below a title, keeps
// its language.
func TestDetectSkipsQuotedHeaders(t *testing.T) {
	body := "No se pudo entregar el mensaje a estos destinatarios o grupos: el buzón de correo está lleno.\n"
	headers := strings.Repeat("Received: from mail.example.com (192.0.2.1) by mx.example.net with Microsoft SMTP Server\n id 15.20.1234.5; Mon, 7 Dec 2026 03:00:00 +0000\n", 12) +
		"Content-Type: text/plain; charset=\"us-ascii\"\nX-MS-Exchange-Organization-SCL: -1\n--_000_boundary\n"
	tests := []struct{ name, text string }{
		{"headers", body + "Encabezados de mensajes originales:\n" + headers},
		{"headers without title", body + headers},
		{"quoted message", body + "-----Mensaje original-----\n" + strings.Repeat("Hi John, the report is attached and the meeting is on Friday as planned.\n", 6)},
	}
	for _, tc := range tests {
		if tag, _ := Detect(tc.text); tag != "es" {
			t.Errorf("%s: Detect = %q, want es", tc.name, tag)
		}
	}
}

// TestDetectFolds: words count folded as the data's words are
// (kbform.Normalize): Turkish ı, Romanian ş ţ with cedilla, accents
// written apart.
func TestDetectFolds(t *testing.T) {
	tests := []struct{ tag, word string }{
		{"tr", "ALICI"}, {"tr", "alıcı"}, {"ro", "mulţumesc"}, {"ro", "mult\u0326umesc"}, {"fr", "e\u0301te\u0301"},
	}
	for _, tc := range tests {
		c := count(tc.word)
		l := -1
		for i, x := range latins {
			if x == tc.tag {
				l = i
			}
		}
		if l < 0 || c.latin[l] == 0 {
			t.Errorf("%q: not counted as a %s word", tc.word, tc.tag)
		}
	}
}

func TestName(t *testing.T) {
	for tag, want := range map[string]string{"de": "German", "fr": "French", "th": "Thai", "ar": "Arabic", "hi": "Hindi", "xx": "xx"} {
		if got := Name(tag); got != want {
			t.Errorf("Name(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestSet(t *testing.T) {
	s := NewSet([]string{"postfach voll", "non remis", "配信できません", "abc"})
	tests := []struct {
		text string
		at   int
	}{
		{"das postfach voll ist", 4},
		{"daspostfach voll", -1}, // not at a word start
		{"objet: non remis: x", 7},
		{"メールを配信できませんでした", 12}, // CJK: anywhere
		{"x abc", 2},
		{"xabc", -1},
		{"", -1},
	}
	for _, tc := range tests {
		if _, at := s.Find(tc.text); at != tc.at {
			t.Errorf("Find(%q) = %d, want %d", tc.text, at, tc.at)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat("Ihre Nachricht konnte nicht an die folgenden Empfänger zugestellt werden. user@example.com 550 5.1.1\n", 40)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		Detect(text)
	}
}
