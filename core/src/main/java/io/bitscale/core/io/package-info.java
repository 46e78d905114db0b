/**
 * Files and digests shared by every module: {@link io.bitscale.core.io.AtomicFile} (a file
 * appears whole or not at all, never replaces what it may not, never leaves a partial file) and
 * {@link io.bitscale.core.io.Sha256} (streamed digests for checksums and identities).
 */
package io.bitscale.core.io;
