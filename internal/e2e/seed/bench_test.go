package sse

import (
	"testing"

	"github.com/ssegen/ssegen/internal/e2e/encbench"
)

// BenchmarkEncode compares the generated encoders of the seed events with
// encoding/json.Marshal on the same values.
func BenchmarkEncode(b *testing.B) {
	encbench.Compare(b, "CommentAdded", CommentAdded{
		CommentID: "c-8d1f3a", ItemID: "item-42", AuthorName: "Ada Lovelace",
		Text: "Looks good to me <b>except</b> the last paragraph & its footnote.", Timestamp: 1732370000123,
	})
	encbench.Compare(b, "CommentUpdated", CommentUpdated{CommentID: "c-8d1f3a", ItemID: "item-42", NewText: "Fixed the footnote.", EditedAt: 1732370100456})
	encbench.Compare(b, "EmailSent", EmailSent{UserID: "u-17", EmailType: "digest", SentTo: "ada@example.com", CorrelationID: "0b9e6a2c-77aa-4c1e-9d0e-5b1f2c3d4e5f"})
	encbench.Compare(b, "TaskComplete", TaskComplete{UserID: "u-17", TaskType: "export", Result: "ok", DurationMs: 1834})
	encbench.Compare(b, "SystemAlert", SystemAlert{Message: "Maintenance tonight at 22:00 UTC", Severity: "high", ExpiresAt: 1732400000})
}

// BenchmarkRatio measures the seed events' encoders against encoding/json
// in alternation and reports median speedups (x_json_fresh, x_json_reused).
func BenchmarkRatio(b *testing.B) {
	encbench.Ratio(b, "CommentAdded", CommentAdded{
		CommentID: "c-8d1f3a", ItemID: "item-42", AuthorName: "Ada Lovelace",
		Text: "Looks good to me <b>except</b> the last paragraph & its footnote.", Timestamp: 1732370000123,
	})
	encbench.Ratio(b, "CommentUpdated", CommentUpdated{CommentID: "c-8d1f3a", ItemID: "item-42", NewText: "Fixed the footnote.", EditedAt: 1732370100456})
	encbench.Ratio(b, "EmailSent", EmailSent{UserID: "u-17", EmailType: "digest", SentTo: "ada@example.com", CorrelationID: "0b9e6a2c-77aa-4c1e-9d0e-5b1f2c3d4e5f"})
	encbench.Ratio(b, "TaskComplete", TaskComplete{UserID: "u-17", TaskType: "export", Result: "ok", DurationMs: 1834})
	encbench.Ratio(b, "SystemAlert", SystemAlert{Message: "Maintenance tonight at 22:00 UTC", Severity: "high", ExpiresAt: 1732400000})
}
