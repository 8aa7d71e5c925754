package lang

// latins are the Latin-script languages with function words, English
// first; latinWords maps each function word to the languages (indexes into
// latins) whose list has it.
var (
	latins     []string
	latinWords map[string][]int
)

// hanForm marks the Han characters that are written differently in
// simplified ('s') and traditional ('t') Chinese: those common in
// delivery reports and ordinary text.
var hanForm = map[rune]byte{}

// hanPairs are simplified/traditional pairs, two characters each.
const hanPairs = "这這个個们們来來时時为為说說国國发發会會对對还還没沒过過邮郵无無达達务務请請检檢误誤该該统統连連户戶项項" +
	"认認证證错錯败敗则則网網络絡码碼验驗应應数數据據库庫类類试試显顯长長际際电電话話关關闭閉开開门門间間题題问問" +
	"节節载載给給签簽页頁实實体體递遞绝絕满滿额額传傳输輸处處机機址址将將从從经經当當已已么麼样樣"

// buildDetector indexes the data files' function words and the Han pairs.
func buildDetector() {
	latins = latins[:0]
	latinWords = map[string][]int{}
	addOriginalTitles([]string{"original message headers", "original message"})
	if d := byTag["en"]; d != nil {
		addLatin(d)
	}
	for _, d := range all {
		addOriginalTitles(d.Original)
		for _, l := range d.Sender {
			senderLabels[l] = true
		}
		if d.Tag != "en" && d.Script == "Latn" {
			addLatin(d)
		}
	}
	rs := []rune(hanPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			hanForm[rs[i]], hanForm[rs[i+1]] = 's', 't'
		}
	}
}

func addLatin(d *Data) {
	l := len(latins)
	latins = append(latins, d.Tag)
	for _, w := range d.Words {
		ls := latinWords[w]
		if len(ls) > 0 && ls[len(ls)-1] == l {
			continue // listed twice in one file
		}
		latinWords[w] = append(ls, l)
	}
}
