// Profiles of users, seen only by those the app's authorizer allows.
//
//ssegen:channel user:{UserID}
//ssegen:auth
package sse

// ProfileUpdated is sent when a user edits their profile.
type ProfileUpdated struct {
	UserID   UserID   `json:"user_id"`
	Author   Author   `json:"author"`
	Severity Severity `json:"severity,omitempty"`
	// Last refers to an event of another stream, used here as a record.
	Last *Tick `json:"last,omitempty"`
}

// AvatarChanged is sent when a user uploads a new picture.
type AvatarChanged struct {
	UserID UserID `json:"user_id"`
	Image  Blob   `json:"image"`
}
