//go:build !unix

package generator_test

import "errors"

func mkfifo(path string) error { return errors.New("no named pipes here") }
