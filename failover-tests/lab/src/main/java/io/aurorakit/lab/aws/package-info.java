/**
 * The AWS control-plane APIs of an {@link io.aurorakit.lab.AuroraLab}, served over HTTP on loopback with the JDK's
 * {@code com.sun.net.httpserver}: the RDS Query API (API version {@code 2014-10-31}: {@code FailoverDBCluster},
 * {@code DescribeDBClusters}, {@code DescribeDBInstances}, {@code RebootDBInstance}, {@code DescribeEvents}),
 * Secrets Manager's {@code GetSecretValue} (JSON 1.1) and Performance Insights' {@code DescribeDimensionKeys},
 * {@code GetResourceMetrics} and {@code ListAvailableResourceDimensions} (JSON 1.1, API version 2018-02-27), so
 * that the AWS SDK for Java v2 ({@code endpointOverride}) and the AWS CLI ({@code --endpoint-url}) drive the lab as
 * they drive Aurora.
 *
 * <p>Requests are accepted with any SigV4 credentials: signatures are neither required nor verified.
 *
 * <p>The public types are the server, {@link io.aurorakit.lab.aws.LabAwsServer}, and the small interface the lab
 * implements for it ({@link io.aurorakit.lab.aws.ClusterBackend}, {@link io.aurorakit.lab.aws.SecretBackend},
 * {@link io.aurorakit.lab.aws.PerformanceInsightsBackend} and their snapshot records); users reach the server through
 * {@code AuroraLab.rdsEndpoint()}. This package depends on the JDK, Jackson and, for Performance Insights,
 * {@code io.aurorakit.insights} of aurora-kit-core (the load each instance's sampler took), nothing else of
 * aurora-kit.
 */
package io.aurorakit.lab.aws;
