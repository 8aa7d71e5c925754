// Package browsertest holds the tests that drive the built site (dist/) in a
// real headless Chromium: the paste page, the help site, offline use and the
// embed widget. Run them with `make test`, which builds dist/ first.
//
// Without Chromium on the machine the tests skip, unless
// BOUNCE_REQUIRE_BROWSER=1 (set by .ci/run) turns the skip into a failure.
package browsertest
