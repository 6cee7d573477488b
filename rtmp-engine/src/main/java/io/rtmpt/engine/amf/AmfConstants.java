package io.rtmpt.engine.amf;

/** AMF0 and AMF3 type markers, named as in the Adobe specifications, and the codec's limits. */
final class AmfConstants {
  /** Containers (objects, arrays, vectors, dictionaries) nested deeper than this are refused. */
  static final int MAX_DEPTH = 64;

  static final int AMF0_NUMBER = 0x00;
  static final int AMF0_BOOLEAN = 0x01;
  static final int AMF0_STRING = 0x02;
  static final int AMF0_OBJECT = 0x03;
  static final int AMF0_MOVIECLIP = 0x04;
  static final int AMF0_NULL = 0x05;
  static final int AMF0_UNDEFINED = 0x06;
  static final int AMF0_REFERENCE = 0x07;
  static final int AMF0_ECMA_ARRAY = 0x08;
  static final int AMF0_OBJECT_END = 0x09;
  static final int AMF0_STRICT_ARRAY = 0x0A;
  static final int AMF0_DATE = 0x0B;
  static final int AMF0_LONG_STRING = 0x0C;
  static final int AMF0_UNSUPPORTED = 0x0D;
  static final int AMF0_RECORDSET = 0x0E;
  static final int AMF0_XML_DOCUMENT = 0x0F;
  static final int AMF0_TYPED_OBJECT = 0x10;
  static final int AMF0_AVMPLUS_OBJECT = 0x11;

  /** The longest string an AMF0 string (U16 length) can hold, in UTF-8 bytes. */
  static final int AMF0_MAX_SHORT_STRING = 0xFFFF;

  /** The largest AMF0 reference index (U16). */
  static final int AMF0_MAX_REFERENCE = 0xFFFF;

  static final int AMF3_UNDEFINED = 0x00;
  static final int AMF3_NULL = 0x01;
  static final int AMF3_FALSE = 0x02;
  static final int AMF3_TRUE = 0x03;
  static final int AMF3_INTEGER = 0x04;
  static final int AMF3_DOUBLE = 0x05;
  static final int AMF3_STRING = 0x06;
  static final int AMF3_XML_DOCUMENT = 0x07;
  static final int AMF3_DATE = 0x08;
  static final int AMF3_ARRAY = 0x09;
  static final int AMF3_OBJECT = 0x0A;
  static final int AMF3_XML = 0x0B;
  static final int AMF3_BYTE_ARRAY = 0x0C;
  static final int AMF3_VECTOR_INT = 0x0D;
  static final int AMF3_VECTOR_UINT = 0x0E;
  static final int AMF3_VECTOR_DOUBLE = 0x0F;
  static final int AMF3_VECTOR_OBJECT = 0x10;
  static final int AMF3_DICTIONARY = 0x11;

  /** AMF3 integers are signed 29-bit: -2^28 to 2^28-1. */
  static final int AMF3_INTEGER_MIN = -(1 << 28);

  static final int AMF3_INTEGER_MAX = (1 << 28) - 1;

  /**
   * The largest U29 value, and so the largest length (after the flag bit) is {@code U29_MAX >> 1}.
   */
  static final int U29_MAX = (1 << 29) - 1;

  private AmfConstants() {}

  /** {@code 0x0e}: the two-digit lowercase hex form used in error messages. */
  static String hex(int b) {
    return "0x" + Character.forDigit((b >> 4) & 0xF, 16) + Character.forDigit(b & 0xF, 16);
  }
}
