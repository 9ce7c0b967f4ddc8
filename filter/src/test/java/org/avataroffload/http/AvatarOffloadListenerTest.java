package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * Where the WAR's listener takes its config path from. The containers' tests show the context param and the system
 * property at work in Tomcat and Jetty; the environment variable cannot be set inside a running JVM, so the order of
 * all three is shown here.
 */
class AvatarOffloadListenerTest {
    @Test
    void configPath_theContextParamWins_overTheSystemProperty_andTheEnvironment() {
        assertThat(AvatarOffloadListener.configPath("/a.yml", "/b.yml", "/c.yml")).hasValue(
                new AvatarOffloadListener.ConfigPath(Path.of("/a.yml"), "context init-param avatar-offload.config"));
    }

    @Test
    void configPath_theSystemPropertyWins_overTheEnvironment() {
        assertThat(AvatarOffloadListener.configPath(null, "/b.yml", "/c.yml")).hasValue(
                new AvatarOffloadListener.ConfigPath(Path.of("/b.yml"), "system property avatar-offload.config"));
    }

    @Test
    void configPath_theEnvironmentVariable_whenNothingElseIsSet() {
        assertThat(AvatarOffloadListener.configPath(null, null, "/c.yml")).hasValue(
                new AvatarOffloadListener.ConfigPath(Path.of("/c.yml"), "environment variable OFFLOAD_CONFIG"));
    }

    @Test
    void configPath_aBlankSetting_countsAsUnset() {
        assertThat(AvatarOffloadListener.configPath(" ", "", "/c.yml")).hasValueSatisfying(
                path -> assertThat(path.file()).isEqualTo(Path.of("/c.yml")));
        assertThat(AvatarOffloadListener.configPath(null, " ", null)).isEmpty();
    }

    @Test
    void imageIoPlugins_ofTheApplicationClassPath_stayRegistered() {
        // here the plugins belong to the whole JVM, not to a webapp that is going away
        ImageIO.scanForPlugins();
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).as("TwelveMonkeys' WebP reader").isTrue();

        assertThat(WebappRelease.imageIoPlugins(ClassLoader.getSystemClassLoader())).isZero();
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).isTrue();
    }
}
