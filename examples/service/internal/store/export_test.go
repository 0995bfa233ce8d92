package store

import (
	"context"
	"time"
)

// OpenUpTo opens the database migrated only up to version upTo, as an
// older program would have left it.
func OpenUpTo(ctx context.Context, path string, now time.Time, upTo int) (*Store, error) {
	return open(ctx, path, now, upTo)
}
