//go:build tools

// Package tools pins the VictoriaMetrics release this harness builds. go.mod requires the
// exact version and go.sum holds every module hash, so `go build` verifies everything
// offline from the checksum database (see docs/design-docs/stack-provisioning.md).
package tools

import _ "github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics"
