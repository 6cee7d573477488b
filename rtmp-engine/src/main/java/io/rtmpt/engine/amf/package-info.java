/**
 * AMF0 and AMF3, the Action Message Format codecs of RTMP command and data messages, decoded into
 * plain values.
 */
package io.rtmpt.engine.amf;
