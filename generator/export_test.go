package generator

// CheckKeys has every render of b key the pages that layout.Cache would
// take as they were without keying them, and fail, naming them, when one
// of their keys changed: a dependency the Cache's reuse missed.
func CheckKeys(b *Builder) { b.checkKeys = true }
