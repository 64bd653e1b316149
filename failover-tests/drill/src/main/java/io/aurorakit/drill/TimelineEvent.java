package io.aurorakit.drill;

/**
 * One point on a drill's timeline.
 *
 * @param atMs   milliseconds since the workload started
 * @param name   what happened, e.g. "fault injected" or "first successful write"
 * @param source who saw it: "lab" (the control plane), "app" (the workload) or "operator"
 */
record TimelineEvent(long atMs, String name, String source) {
}
