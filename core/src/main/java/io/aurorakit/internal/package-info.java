/**
 * Not API. aurora-kit's implementation: the retry engine, failure classification, duration parsing and secret masking.
 * Public only so that aurora-kit's own packages and modules can reach it; anything here may change or disappear in any
 * release without notice.
 */
package io.aurorakit.internal;
