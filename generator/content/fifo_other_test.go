//go:build !unix

package content

import "errors"

func mkfifo(path string) error { return errors.New("no named pipes here") }
