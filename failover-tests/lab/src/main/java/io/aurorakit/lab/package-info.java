/**
 * AuroraLab: a local Aurora-PostgreSQL look-alike built from real PostgreSQL processes.
 */
package io.aurorakit.lab;
