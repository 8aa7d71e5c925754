package smtpcode

import "testing"

func TestStatus(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"550 5.1.1 <jdoe@example.com>: User unknown", "5.1.1"},
		{"Status: 4.4.7", "4.4.7"},
		{"554 5.7.26 unauthenticated", "5.7.26"},
		{"550 5.0.0 generic, then 5.2.2 mailbox full", "5.2.2"},
		{"500 5.0.0 only generic", "5.0.0"},
		{"(#5.1.1)", "5.1.1"},
		{"host 192.0.2.5 said no", ""},           // an IP address is not a code
		{"by mx (8.14.4/8.14.4) with ESMTP", ""}, // nor a version number
		{"version 5.1.12.3", ""},
		{"3.1.1 is not a class", ""},
		{"550 5.1.351 Remote server", "5.1.351"},
		{"x5.1.1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Status(tt.in).Text; got != tt.want {
			t.Errorf("Status(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStatusesPositions(t *testing.T) {
	s := "550-5.7.1 first 550 5.7.1 second"
	all := Statuses(s)
	if len(all) != 2 {
		t.Fatalf("Statuses(%q) = %v, want 2 codes", s, all)
	}
	for _, c := range all {
		if s[c.Start:c.End] != c.Text {
			t.Errorf("code %q at [%d,%d) reads %q", c.Text, c.Start, c.End, s[c.Start:c.End])
		}
	}
}

func TestReply(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"550 5.1.1 User unknown", "550"},
		{"550-5.7.26 Unauthenticated", "550"},
		{"remote host said: 452 Too many recipients", "452"},
		{"SMTP 550 (sender rejected)", "550"},
		{"Error 550: You have reached", "550"},
		{"250 OK then 554 rejected", "554"},
		{"250 2.0.0 Ok: queued", "250"},
		{"at 12:550 nothing", ""},         // part of a time
		{"id 1550 x", ""},                 // part of a number
		{"Thu, 29 Apr 2007 16:51:51", ""}, // a date
		{"-0500 zone", ""},
		{"660 not a reply", ""},
		{"5500 bytes", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Reply(tt.in).Text; got != tt.want {
			t.Errorf("Reply(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClass(t *testing.T) {
	if c := Status("4.2.2").Class(); c != '4' {
		t.Errorf("class of 4.2.2 = %c", c)
	}
	if c := (Code{}).Class(); c != 0 {
		t.Errorf("class of nothing = %c", c)
	}
	if !IsGeneric("5.0.0") || IsGeneric("5.0.1") || IsGeneric("5.1.0") {
		t.Error("IsGeneric: only X.0.0 is generic")
	}
}

// TestCodesInCJKText: codes in Japanese, Chinese and Korean bounces come
// with full-width digits and punctuation, or with no space before the text.
func TestCodesInCJKText(t *testing.T) {
	tests := []struct {
		in, reply, status string
		at                string // the code as written, for the status (or else the reply)
	}{
		{"５５０ ５．１．１ <jdoe@example.jp> 宛先不明", "550", "5.1.1", "５．１．１"},
		{"５５０　ユーザーが存在しません", "550", "", "５５０"},
		{"エラー：５５２：メールボックスがいっぱいです", "552", "", "５５２"},
		{"（550）用户不存在", "550", "", "550"},
		{"错误550 该用户不存在", "550", "", "550"},
		{"5.1.1ユーザー不明", "", "5.1.1", "5.1.1"},
		{"응답: 552 5.2.2 메일함이 가득 찼습니다", "552", "5.2.2", "5.2.2"},
		{"請求金額550円", "", "", ""},     // a price, not a code
		{"全５５０ページの資料", "", "", ""},   // a page count
		{"ＩＰ １９２．０．２．５", "", "", ""}, // an IP address
	}
	for _, tt := range tests {
		r, st := Reply(tt.in), Status(tt.in)
		if r.Text != tt.reply || st.Text != tt.status {
			t.Errorf("%q: reply %q status %q, want %q %q", tt.in, r.Text, st.Text, tt.reply, tt.status)
			continue
		}
		c := st
		if !c.Found() {
			c = r
		}
		if c.Found() && tt.in[c.Start:c.End] != tt.at {
			t.Errorf("%q: code at [%d,%d) reads %q, want %q", tt.in, c.Start, c.End, tt.in[c.Start:c.End], tt.at)
		}
	}
	all := Statuses("５．１．１ then ４．２．２")
	if len(all) != 2 || all[1].Text != "4.2.2" {
		t.Errorf("Statuses with full-width digits = %v", all)
	}
	if rs := Replies("５５０ and ４２１"); len(rs) != 2 || rs[1].Text != "421" {
		t.Errorf("Replies with full-width digits = %v", rs)
	}
}
