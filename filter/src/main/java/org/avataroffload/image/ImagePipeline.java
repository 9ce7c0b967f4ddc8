package org.avataroffload.image;

import org.avataroffload.config.ImageConfig;

/** PLACEHOLDER until the pipeline lands. */
public final class ImagePipeline {
    public ImagePipeline(ImageConfig config) {
    }

    public Rendition render(byte[] master, int size) throws ImageException {
        throw ImageException.unsupported("placeholder");
    }
}
