/**
 * An embedded server that speaks Toxiproxy 2.x's HTTP API and injects the same network faults (toxics), so the
 * failover suite runs without Docker or a Toxiproxy binary. The only public types are
 * {@link io.aurorakit.lab.toxiproxy.ToxiproxyServer} and its Java-only
 * {@link io.aurorakit.lab.toxiproxy.ToxiproxyServer.UpstreamGate}; this package depends on nothing else of aurora-kit.
 */
package io.aurorakit.lab.toxiproxy;
