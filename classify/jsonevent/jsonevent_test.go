package jsonevent

import "testing"

func TestFind(t *testing.T) {
	tests := []struct {
		name, in, typ, addr, status string
	}{
		{"bounce", `{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"jdoe@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{"commonHeaders":{"subject":"hi"}}}`, "bounce", "jdoe@example.com", "5.1.1"},
		{"complaint", "text before\n" + `{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"jdoe@example.com"}],"complaintFeedbackType":"abuse"}}` + "\ntext after", "complaint", "jdoe@example.com", ""},
		{"delivery", `{"notificationType":"Delivery","delivery":{"recipients":["jdoe@example.com"],"smtpResponse":"250 2.0.0 OK"}}`, "delivery", "jdoe@example.com", ""},
		{"SNS envelope", `{"Type":"Notification","Message":"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\"jdoe@example.com\",\"status\":\"5.2.2\"}]}}"}`, "bounce", "jdoe@example.com", "5.2.2"},
		{"folded long line", "{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\"jdoe@exa!\n mple.com\",\"status\":\"5.1.1\"}]}}", "bounce", "jdoe@example.com", "5.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, ok := Find(tt.in)
			if !ok || ev.Type != tt.typ || len(ev.Recipients) != 1 || ev.Recipients[0].Address != tt.addr || ev.Recipients[0].Status != tt.status {
				t.Errorf("Find = %+v, %v", ev, ok)
			}
		})
	}
	for _, in := range []string{"", "{not json}", `{"notificationType":"Bounce"}`, `{"Type":"Notification","Message":"nope"}`} {
		if ev, ok := Find(in); ok {
			t.Errorf("Find(%q) = %+v, want nothing", in, ev)
		}
	}
}
