package org.avataroffload.store;

/** The object layout, identical in every store: {@code masters/<route>/<key>}, {@code derived/<route>/<key>/<size>.<ext>}. */
public final class StoreKeys {
    private StoreKeys() {
    }

    public static String master(String route, String key) {
        return "masters/" + route + "/" + key;
    }

    public static String derived(String route, String key, int size, String extension) {
        return derivedPrefix(route, key, size) + extension;
    }

    /** Every derived object of one size starts with this, whatever its format. */
    public static String derivedPrefix(String route, String key, int size) {
        return "derived/" + route + "/" + key + "/" + size + ".";
    }
}
