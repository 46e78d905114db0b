/**
 * The general-purpose compressors bitscale is compared with ({@link io.bitscale.bench.peers.Peer}:
 * JDK Deflater, xz-java, commons-compress BZip2, zstd-jni), driven on whole in-memory inputs so
 * every byte of their standard stream format is counted, and a quick non-JMH side-by-side table
 * ({@link io.bitscale.bench.peers.PeersTable}).
 */
package io.bitscale.bench.peers;
