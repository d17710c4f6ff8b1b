package runtime

// topicCount is how many topics the backplane holds.
func (b *MemoryBackplane) topicCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.topics)
}
