package org.avataroffload.config;

/** What a route's sizes are encoded as: the master's own format (the default), or always one format. */
public enum OutputFormat { SOURCE, PNG, JPEG, WEBP }
