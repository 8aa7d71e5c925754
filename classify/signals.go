package classify

// Tables of the signs that tell a bounce, an auto-reply and a feedback
// report apart. Lower case; matched as substrings. Data, not code paths: a
// new provider's wording is one more line here.

// bounceSubjects are words in the subject of delivery reports.
var bounceSubjects = []string{
	"undeliver", "undelivered", "delivery fail", "delivery status notification",
	"returned mail", "failure notice", "mail delivery failed", "could not be delivered",
	"couldn't be delivered", "non-delivery", "nondeliverable", "non delivery",
	"delivery problem", "delivery notification", "returned to sender", "mail system error",
	"delivery report", "delivery error", "failed delivery", "not delivered", "delayed mail",
	"warning: could not send", "warning: message", "delivery delayed", "message delayed",
	"mail could not", "message could not", "rejected", "bounce", "unzustellbar",
	"nicht zustellbar", "non remis", "no se puede entregar", "non recapitabile",
	"unable to deliver", "delivery has failed", "mail failure", "notification de",
	"недостав", "не доставлено", "配信", "エラー", "未送達", "送信できません",
	"error sending message", "message not delivered", "delivery incomplete",
	"returned message", "mail delivery system", "permanent error", "temporary error",
}

// bounceSenders are the authors of delivery reports: matched against the
// From header (address and display name).
var bounceSenders = []string{
	"mailer-daemon", "mailer_daemon", "postmaster", "mail delivery", "mail administrator",
	"mail-daemon", "maildaemon", "delivery subsystem", "mail system", "bounce",
	"mail-notification", "mailerdaemon", "microsoftexchange", "double-bounce", "notify@",
}

// mailSystemSenders are the authors only a mail system writes as
// (bounceSenders also has looser ones, such as "notify@", that services
// other than mail use): with a failure sentence, enough to call a message
// a bounce that names no address.
var mailSystemSenders = []string{
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon",
	"postmaster", "mail delivery", "delivery subsystem", "double-bounce", "microsoftexchange",
}

// autoReplySubjects are subject words of vacation and out-of-office replies.
var autoReplySubjects = []string{
	"auto:", "automatic reply", "autoreply", "auto-reply", "auto reply", "out of office",
	"out of the office", "away from", "on vacation", "vacation", "abwesenheit",
	"absence", "automatische antwort", "réponse automatique", "respuesta automática",
	"fuera de la oficina", "risposta automatica", "自動返信", "不在", "away until",
	"i am away", "i'm away", "currently away", "on leave", "holiday",
}

// autoReplyHeaders are header fields whose presence marks an auto-reply.
var autoReplyHeaders = []string{
	"X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Vacation", "X-Mail-Autoreply",
}

// autoReplyPrefixes start the subject of an auto-reply, which alone is
// enough to tell one.
var autoReplyPrefixes = []string{
	"auto:", "automatic reply:", "autoreply:", "auto-reply:", "auto reply:", "out of office:",
	"out of office reply", "out of the office:", "automatische antwort:", "réponse automatique",
	"respuesta automática:", "risposta automatica:", "自動返信", "[auto-reply]", "[autoreply]",
}

// bounceBodyPhrases, in a message that is not otherwise marked as a
// bounce, say that it reports a failed delivery.
var bounceBodyPhrases = []string{
	"could not be delivered", "couldn't be delivered", "undeliverable", "delivery failed",
	"was not delivered", "wasn't delivered", "unable to deliver", "delivery to the following",
	"failed permanently", "not be delivered", "delivery has failed", "could not deliver",
	"was rejected", "were rejected", "permanent error", "returned to sender",
	// Mailing list managers answering a post they refuse or hold.
	"not allowed to post to this mailing list", "mailing-list was rejected",
	"post by non-member", "not authorized to send mail to the",
	"impossible to distribute your message", "you are not a member of this mailing list",
}

// feedbackSubjects mark a complaint report sent as an ordinary message
// rather than in the RFC 5965 format.
var feedbackSubjects = []string{
	"complaint about message", "abuse report", "spam report", "feedback report",
}

// feedbackHeaders mark a message that reports a recipient's wish to stop
// receiving mail (a one-click unsubscribe a mail client sends for its user).
var feedbackHeaders = []string{"X-Apple-Unsubscribe"}

// delayPhrases say that the reporting server is still trying.
var delayPhrases = []string{
	"will be retried", "will retry", "will try again", "will continue to try", "still trying",
	"not yet been delivered", "no action is required", "has been delayed", "is delayed",
	"this is a warning only", "delivery attempts will continue", "will keep trying",
	"do not need to resend", "you do not need to resend",
}

// permanentPhrases say that the delivery failed for good.
var permanentPhrases = []string{
	"failed permanently", "permanent error", "permanent failure", "permanent fatal",
	"given up", "giving up", "gave up", "could not be delivered",
}
