package ndrtext

// The markers below are data, not code paths: each MTA or provider that
// writes a text bounce is described by a line or two here, and the finder
// itself stays general. Phrases are lower case and matched against lines
// folded to lower case with their decoration ("----", "====", "***", ":")
// trimmed.

// originalPhrases introduce the copy of the returned message (or its
// header) that many servers append below the error text. Everything from
// such a line on is the sender's own message and must not be read as the
// server's explanation.
var originalPhrases = []string{
	"this is a copy of the message, including all the headers",
	"this is a copy of the headers that were received before the error was detected",
	"below this line is a copy of the message",
	"below is a copy of the message",
	"original message follows",
	"original message headers",
	"original message header",
	"original message",
	"message headers follow",
	"headers of the original message",
	"header of the original message",
	"the header of the original message is following",
	"returned message",
	"unsent message follows",
	"undelivered message follows",
	"rejected message follows",
	"copy of the original message",
	"original mail follows",
	"original header follows",
	"text of the returned message",
	"returned mail follows",
	"included is the original message",
	"message text follows",
	"the following is a copy of the original message",
	"original message text",
	"undelivered message",
	"message copy",
	"mensaje original",
	"ursprüngliche nachricht",
	"message d'origine",
	"исходное сообщение",
	"原文",
	"元のメッセージ",
}

// originalExact are whole lines (after trimming) that introduce the
// returned message even without decoration.
var originalExact = []string{
	"original message follows.",
	"message headers follow.",
	"below this line is a copy of the message.",
	"--- below this line is a copy of the message.",
	"original message follows",
	"the original message was included as attachment",
	"message that caused this notification",
}

// headerStarts are header fields that, at the start of a line in a text
// bounce, mean the returned message has begun.
var headerStarts = []string{
	"received:", "return-path:", "dkim-signature:", "x-received:",
	"arc-seal:", "authentication-results:", "delivered-to:",
	"domainkey-signature:", "x-google-dkim-signature:", "message-id:",
	"mime-version:", "x-mailer:", "x-originating-ip:",
}

// senderContexts, found just before an address, mark it as the sender's
// (the envelope sender or the author), never a failed recipient.
var senderContexts = []string{
	"mail from:", "mail from: ", "mail from:<", "from:", "from: ", "from <", "from=<",
	"envelope-from ", "envelope-from <", "sender:", "sender ", "reply-to:",
	"return-path:", "smtp.mailfrom=", "header.from=", "smtp.mail=",
	"sent by ", "originator:",
	// Not the sender, but not a failed recipient either: whom to ask.
	"contact ", "contact:", "contact us at ", "write to ", "send mail to ", "reply to ",
	"list owner at ", "owner at ",
}

// senderLineStarts begin lines whose address, wherever it stands on the
// line, is the sender's: a quoted header field or an SMTP envelope line.
var senderLineStarts = []string{"from:", "sender:", "reply-to:", "return-path:", "mail from:"}

// weakContexts start lines that quote the returned message's header
// inside the explanation ("Your message  To: jdoe@..."): addresses there are
// recipients only when nothing better names one.
var weakContexts = []string{"to:", "cc:", "subject:", "sent:", "date:"}

// commands maps the way bounce texts name the SMTP command the server was
// answering to the command itself. The phrase found earliest in the text
// wins; of two found at the same place, the longer.
var commands = []struct{ Phrase, Command string }{
	{"rcpt to", "RCPT"},
	{"rcpt", "RCPT"},
	{"mail from", "MAIL"},
	{"end of data", "DATA"},
	{"final data", "DATA"},
	{"after data", "DATA"},
	{"data command", "DATA"},
	{"end of message", "DATA"},
	{"after end of data", "DATA"},
	{"in reply to data", "DATA"},
	{">>> data", "DATA"},
	{"message body", "DATA"},
	{"ehlo", "EHLO"},
	{"helo", "HELO"},
	{"starttls", "STARTTLS"},
	{"auth ", "AUTH"},
	{"after connect", "CONN"},
	{"initial connection", "CONN"},
	{"connect to", "CONN"},
	{"greeting", "CONN"},
	{"banner", "CONN"},
}

// MTAs identifies who wrote a bounce from telltale text. Software markers
// are looked for in the header and the start of the text; provider markers
// (Header) only in the header's author fields, since a recipient's address
// at a provider appears in any bounce. The first marker found wins, so more
// specific markers come first.
var MTAs = []struct {
	Marker, Name string
	Header       bool
}{
	{"x-postfix-queue-id", "postfix", false},
	{"this is the mail system at host", "postfix", false},
	{"dragonfly mail agent", "dragonfly", false},
	{"this is the qmail-send program", "qmail", false},
	{"qmail-send", "qmail", false},
	{"opensmtpd", "opensmtpd", false},
	{"this is the mailer-daemon at", "opensmtpd", false},
	{"this is the mailer-daemon, please do not reply", "opensmtpd", false},
	{"courier mail server", "courier", false},
	{"x-ms-exchange", "exchange", false},
	{"microsoft exchange", "exchange", false},
	{"lotus", "domino", false},
	{"domino", "domino", false},
	{"sun java system messaging server", "messagingserver", false},
	{"oracle communications messaging", "messagingserver", false},
	{"google groups", "googlegroups", false},
	{"@googlemail.com", "gmail", true},
	{"@google.com", "gmail", true},
	{"@gmail.com", "gmail", true},
	{"protection.outlook.com", "office365", true}, // before outlook.com, which it contains
	{"outlook.com", "outlook", true},
	{"yahoo", "yahoo", true},
	{"aol.com", "aol", true},
	{"amazonses.com", "amazonses", true},
	{"amazonaws.com", "amazonses", true},
	{"sendgrid", "sendgrid", true},
	{"gmx", "gmx", true},
	{"mail.ru", "mailru", true},
	{"yandex", "yandex", true},
	{"zoho", "zoho", true},
	{"ezweb.ne.jp", "ezweb", true},
	{"docomo.ne.jp", "docomo", true},
	{"softbank.ne.jp", "softbank", true},
	{"x-failed-recipients", "exim", false},
	{"this message was created automatically by mail delivery software", "exim", false},
	{"----- transcript of session follows -----", "sendmail", false},
	{"sendmail", "sendmail", false},
	{"exim", "exim", false},
	{"postfix", "postfix", false},
}

// markerWords: every phrase above contains one of these (lower case), so a
// line without any is not a marker.
var markerWords = []string{
	"messag", "origin", "copy", "header", "return", "unsent", "undeliver", "mensaje",
	"nachricht", "mail follows", "исходное", "原文", "元の",
}
