package io.bitscale.core.transform;

import java.util.Arrays;

/**
 * A reversible word transform: words seen before are replaced by a 2- or 3-byte code naming
 * their place in a dictionary that the encoder and the decoder build identically from the text
 * itself, so no dictionary is stored. Text becomes shorter (about a third for English), which
 * leaves a context-mixing model fewer bytes, and fewer decisions, to code.
 *
 * <pre>{@code
 * WordTransform forward = new WordTransform();
 * byte[] coded = new byte[WordTransform.maxEncodedLength(text.length)];
 * int codedLength = forward.encode(text, 0, text.length, coded, 0);
 * byte[] back = new byte[text.length];
 * new WordTransform().decode(coded, 0, codedLength, back, 0, text.length);   // back equals text
 * }</pre>
 *
 * <p><b>Words.</b> A word is a maximal run of letter bytes (ASCII letters and every byte from
 * 0x80 but the code leads, so UTF-8 letters join the run) of 3 to 32 bytes, all lower case or capitalised (an ASCII
 * capital followed by no other ASCII capital). Its key is the word with the capital lowered, so
 * {@code The} and {@code the} share a code, the capital marked by a prefix byte. Other runs
 * (mixed case, too short or too long) pass through as they are.
 *
 * <p><b>Dictionary.</b> When a word ends, its key is looked up; a key not found is appended (index
 * = number of keys before it) until {@link #MAX_WORDS} keys are held, and then never again. A
 * lookup probes at most 16 slots of a fixed table, both sides alike, so crafted text cannot make
 * it slow. Indices never move, so a model sees the same code for a word all through a block.
 *
 * <p><b>Encoded bytes</b> (see {@code docs/format.md}): the bytes 01, 02 and the 13 leads C0, C1,
 * F5–FF (bytes valid UTF-8 never contains) are reserved — {@code 01 b}: the reserved byte
 * {@code b} itself; {@code 02}: the word code that follows is capitalised; a short lead
 * {@code F5+n} (n = 0..7) and a byte {@code i} from 80–FF: word {@code 128·n + i − 0x80}; a long
 * lead (FD, FE, FF, C0, C1: m = 0..4) and two bytes {@code h, l} from 80–FF: word
 * {@code 1024 + 16384·m + 128·(h − 0x80) + l − 0x80}. Every other byte is itself. Codes are made
 * of high bytes only, so a byte-oriented model never mistakes them for spaces, letters or
 * punctuation, and a model that treats high bytes as letters sees each code as one word. A word is
 * replaced only when its code is shorter than the word, so the output is never longer than twice
 * the input (every byte a reserved one) and never more than 16 times shorter.
 *
 * <p><b>Scope.</b> Words never span calls: each {@link #encode} call (a frame) is tokenised on its
 * own, and the dictionary carries over between calls until {@link #reset()}. The decoder must see
 * the same calls: {@link #decode} for encoded ones, {@link #learn} for bytes the encoder encoded
 * but then did not use (the dictionary learned them anyway).
 *
 * <p>Cost: linear in the bytes; memory at most {@link #MEMORY_BYTES}. Not thread-safe.
 */
public final class WordTransform {

    /** Most keys the dictionary holds; later new words stay literal. */
    public static final int MAX_WORDS = 1 << 16;
    /** Shortest word that gets a dictionary entry: a 2-byte code must be able to pay. */
    public static final int MIN_WORD_BYTES = 3;
    /** Longest word that gets a dictionary entry. */
    public static final int MAX_WORD_BYTES = 32;
    /** Most original bytes one encoded byte stands for (a 2-byte code for a 32-byte word). */
    public static final int MAX_CONTRACTION = MAX_WORD_BYTES / 2;
    /** Upper bound of the memory one instance uses, in bytes. */
    public static final long MEMORY_BYTES;

    static final int ESCAPE = 0x01;
    static final int CAPITAL = 0x02;
    /** Leads of 2-byte codes, in lead-number order. */
    private static final int[] SHORT_LEADS = {0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC};
    /** Leads of 3-byte codes, in lead-number order. */
    private static final int[] LONG_LEADS = {0xFD, 0xFE, 0xFF, 0xC0, 0xC1};
    /** Index bytes run from 0x80 to 0xFF: 128 values. */
    private static final int INDEX_BASE = 0x80;
    /** Words with a 2-byte code; the rest have a 3-byte code. */
    static final int SHORT_CODES = SHORT_LEADS.length * 128;

    private static final int NOT_A_WORD = -2;
    private static final int ABSENT = -1;
    private static final int SLOT_BITS = 17;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    private static final int MAX_PROBES = 16;

    /** Whether a byte is reserved: escaped when it is data, else a code byte. */
    private static final boolean[] RESERVED = new boolean[256];
    /** byte → lead number of a 2-byte code, or -1. */
    private static final int[] LEAD_NUMBER = new int[256];
    /** byte → lead number of a 3-byte code, or -1. */
    private static final int[] LONG_LEAD_NUMBER = new int[256];
    private static final boolean[] LETTER = new boolean[256];

    static {
        Arrays.fill(LEAD_NUMBER, -1);
        Arrays.fill(LONG_LEAD_NUMBER, -1);
        RESERVED[ESCAPE] = true;
        RESERVED[CAPITAL] = true;
        for (int n = 0; n < SHORT_LEADS.length; n++) {
            RESERVED[SHORT_LEADS[n]] = true;
            LEAD_NUMBER[SHORT_LEADS[n]] = n;
        }
        for (int m = 0; m < LONG_LEADS.length; m++) {
            RESERVED[LONG_LEADS[m]] = true;
            LONG_LEAD_NUMBER[LONG_LEADS[m]] = m;
        }
        for (int b = 0; b < 256; b++) {
            LETTER[b] = ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80) && !RESERVED[b];
        }
        MEMORY_BYTES = 4L * (1 << SLOT_BITS) + (long) MAX_WORDS * (MAX_WORD_BYTES + 4 + 1);
    }

    /** Hash slot → index + 1 of the key stored there, 0 for empty. */
    private final int[] slots = new int[1 << SLOT_BITS];
    private final int[] keyStart = new int[MAX_WORDS];
    private final byte[] keyLength = new byte[MAX_WORDS];
    /** The keys, back to back; grows as words arrive, at most MAX_WORDS · MAX_WORD_BYTES. */
    private byte[] keys = new byte[1 << 14];
    private int keysUsed;
    private int size;

    /** A transform with an empty dictionary. */
    public WordTransform() {
    }

    /** Bytes an encoded string of {@code length} input bytes can need at most: twice as many. */
    public static int maxEncodedLength(int length) {
        return 2 * length;
    }

    /** Empties the dictionary, as at the start of a block. */
    public void reset() {
        if (size > 0) {
            Arrays.fill(slots, 0);
        }
        size = 0;
        keysUsed = 0;
    }

    /** Keys in the dictionary now. */
    public int size() {
        return size;
    }

    /**
     * Encodes {@code length} bytes of {@code source} into {@code target} (which needs room for
     * {@link #maxEncodedLength}) and learns their words.
     *
     * @return the number of encoded bytes written
     */
    public int encode(byte[] source, int offset, int length, byte[] target, int targetOffset) {
        int end = offset + length;
        int out = targetOffset;
        int at = offset;
        while (at < end) {
            int b = source[at] & 0xFF;
            if (LETTER[b]) {
                int wordEnd = at + 1;
                while (wordEnd < end && LETTER[source[wordEnd] & 0xFF]) {
                    wordEnd++;
                }
                int index = see(source, at, wordEnd);
                boolean capital = b >= 'A' && b <= 'Z';
                int codeLength = index < 0 ? Integer.MAX_VALUE : (index < SHORT_CODES ? 2 : 3) + (capital ? 1 : 0);
                if (codeLength < wordEnd - at) {
                    if (capital) {
                        target[out++] = CAPITAL;
                    }
                    out = putCode(target, out, index);
                } else {
                    System.arraycopy(source, at, target, out, wordEnd - at);
                    out += wordEnd - at;
                }
                at = wordEnd;
            } else {
                if (RESERVED[b]) {
                    target[out++] = ESCAPE;
                }
                target[out++] = (byte) b;
                at++;
            }
        }
        return out - targetOffset;
    }

    /**
     * Learns the words of {@code length} bytes of original text without encoding them: what
     * {@link #encode} does to the dictionary. The decoder calls it for bytes the encoder encoded
     * but sent as they were.
     */
    public void learn(byte[] source, int offset, int length) {
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (LETTER[source[at] & 0xFF]) {
                int wordEnd = at + 1;
                while (wordEnd < end && LETTER[source[wordEnd] & 0xFF]) {
                    wordEnd++;
                }
                see(source, at, wordEnd);
                at = wordEnd;
            } else {
                at++;
            }
        }
    }

    /**
     * Decodes {@code length} encoded bytes of {@code source} into exactly {@code expectedLength}
     * bytes of {@code target}, learning their words as {@link #encode} did.
     *
     * @throws MalformedTransformException if the bytes are not an encoding of exactly
     *                                     {@code expectedLength} bytes from this dictionary state;
     *                                     the dictionary is then undefined (reset it)
     */
    public void decode(byte[] source, int offset, int length, byte[] target, int targetOffset, int expectedLength)
            throws MalformedTransformException {
        int end = offset + length;
        int limit = targetOffset + expectedLength;
        int out = targetOffset;
        int wordStart = -1;     // start in target of the letter run being decoded, or -1
        int at = offset;
        while (at < end) {
            int b = source[at++] & 0xFF;
            if (!RESERVED[b] || b == ESCAPE) {
                if (b == ESCAPE) {
                    if (at == end) {
                        throw new MalformedTransformException("the encoded bytes end inside an escape", at - offset);
                    }
                    b = source[at++] & 0xFF;
                    if (!RESERVED[b]) {
                        throw new MalformedTransformException(String.format(
                                "escape of byte 0x%02x, which needs none", b), at - 1 - offset);
                    }
                }
                if (out == limit) {
                    throw tooLong(expectedLength, at - 1 - offset);
                }
                target[out] = (byte) b;
                if (LETTER[b]) {
                    if (wordStart < 0) {
                        wordStart = out;
                    }
                } else if (wordStart >= 0) {
                    see(target, wordStart, out);
                    wordStart = -1;
                }
                out++;
                continue;
            }
            int codeAt = at - 1;
            boolean capital = b == CAPITAL;
            if (capital) {
                if (at == end) {
                    throw new MalformedTransformException("the encoded bytes end after a capital mark", codeAt - offset);
                }
                b = source[at++] & 0xFF;
            }
            int index;
            if (LONG_LEAD_NUMBER[b] >= 0) {
                if (end - at < 2) {
                    throw new MalformedTransformException("the encoded bytes end inside a word code", codeAt - offset);
                }
                int high = (source[at] & 0xFF) - INDEX_BASE;
                int low = (source[at + 1] & 0xFF) - INDEX_BASE;
                if (high < 0 || low < 0) {
                    throw badIndexByte(high < 0 ? source[at] : source[at + 1], codeAt - offset);
                }
                index = SHORT_CODES + (LONG_LEAD_NUMBER[b] << 14 | high << 7 | low);
                at += 2;
            } else if (LEAD_NUMBER[b] >= 0) {
                if (at == end) {
                    throw new MalformedTransformException("the encoded bytes end inside a word code", codeAt - offset);
                }
                int low = (source[at++] & 0xFF) - INDEX_BASE;
                if (low < 0) {
                    throw badIndexByte(source[at - 1], codeAt - offset);
                }
                index = LEAD_NUMBER[b] << 7 | low;
            } else {
                throw new MalformedTransformException(String.format("a capital mark before byte 0x%02x, not a word code",
                        b), codeAt - offset);
            }
            if (index >= size) {
                throw new MalformedTransformException("word code names word " + index + " of a dictionary of " + size,
                        codeAt - offset);
            }
            int keyAt = keyStart[index];
            int wordLength = keyLength[index];
            if (limit - out < wordLength) {
                throw tooLong(expectedLength, codeAt - offset);
            }
            System.arraycopy(keys, keyAt, target, out, wordLength);
            if (capital) {
                int first = target[out] & 0xFF;
                if (first < 'a' || first > 'z') {
                    throw new MalformedTransformException("capital mark on word " + index
                            + ", which does not start with a letter a-z", codeAt - offset);
                }
                target[out] = (byte) (first - 0x20);
            }
            if (wordStart < 0) {
                wordStart = out;
            }
            out += wordLength;
        }
        if (wordStart >= 0) {
            see(target, wordStart, out);
        }
        if (out != limit) {
            throw new MalformedTransformException("the encoded bytes decode to " + (out - targetOffset)
                    + " bytes, not the " + expectedLength + " declared", length);
        }
    }

    private static MalformedTransformException badIndexByte(byte value, int at) {
        return new MalformedTransformException(String.format("word code with index byte 0x%02x, below 0x80",
                value & 0xFF), at);
    }

    private static MalformedTransformException tooLong(int expectedLength, int at) {
        return new MalformedTransformException("the encoded bytes decode to more than the " + expectedLength
                + " bytes declared", at);
    }

    private static int putCode(byte[] target, int out, int index) {
        if (index < SHORT_CODES) {
            target[out] = (byte) SHORT_LEADS[index >>> 7];
            target[out + 1] = (byte) (INDEX_BASE | index & 0x7F);
            return out + 2;
        }
        int rest = index - SHORT_CODES;
        target[out] = (byte) LONG_LEADS[rest >>> 14];
        target[out + 1] = (byte) (INDEX_BASE | (rest >>> 7) & 0x7F);
        target[out + 2] = (byte) (INDEX_BASE | rest & 0x7F);
        return out + 3;
    }

    /**
     * A run of letters ended: returns the index its key had before (the code the encoder may
     * use), or {@link #ABSENT} after appending it if there is room, or {@link #NOT_A_WORD}.
     * Encoder and decoder call this on the same runs in the same order; that is the whole
     * protocol.
     */
    private int see(byte[] text, int start, int end) {
        int length = end - start;
        if (length < MIN_WORD_BYTES || length > MAX_WORD_BYTES) {
            return NOT_A_WORD;
        }
        int first = text[start] & 0xFF;
        int hash = 0x811C9DC5;
        for (int i = start + 1; i < end; i++) {
            int b = text[i] & 0xFF;
            if (b >= 'A' && b <= 'Z') {
                return NOT_A_WORD;      // mixed case: rare, and a key would not restore it
            }
            hash = (hash ^ b) * 0x01000193;
        }
        int key = first >= 'A' && first <= 'Z' ? first | 0x20 : first;
        hash = (hash ^ key) * 0x9E3779B1;
        hash ^= hash >>> 15;
        int slot = hash & SLOT_MASK;
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            int entry = slots[slot];
            if (entry == 0) {
                if (size < MAX_WORDS) {
                    add(slot, key, text, start + 1, end);
                }
                return ABSENT;
            }
            int index = entry - 1;
            if (matches(index, key, text, start + 1, end)) {
                return index;
            }
            slot = (slot + 1) & SLOT_MASK;
        }
        return ABSENT;      // a crowded neighbourhood: the word stays literal, on both sides alike
    }

    private boolean matches(int index, int key, byte[] text, int restStart, int end) {
        int at = keyStart[index];
        if (keyLength[index] != end - restStart + 1 || (keys[at] & 0xFF) != key) {
            return false;
        }
        return Arrays.equals(keys, at + 1, at + keyLength[index], text, restStart, end);
    }

    private void add(int slot, int key, byte[] text, int restStart, int end) {
        int length = end - restStart + 1;
        if (keys.length - keysUsed < length) {
            keys = Arrays.copyOf(keys, Math.max(keysUsed + length, Math.min(2 * keys.length,
                    MAX_WORDS * MAX_WORD_BYTES)));
        }
        keyStart[size] = keysUsed;
        keyLength[size] = (byte) length;
        keys[keysUsed] = (byte) key;
        System.arraycopy(text, restStart, keys, keysUsed + 1, length - 1);
        keysUsed += length;
        slots[slot] = ++size;
    }
}
