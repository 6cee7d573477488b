package io.rtmpt.engine.session;

/**
 * The state of one message stream a client created (NetStream): idle, publishing or playing. {@link
 * NetStreams} holds one per stream id and owns every transition between them.
 *
 * <pre>
 *   createStream (or first use) --&gt; IdleStream --publish accepted--&gt; PublishStream
 *                                       |  ^                              |
 *                                       |  +-- closeStream, FCUnpublish --+
 *                                       |  +-- closeStream, a new play ---+
 *                                       +--play accepted--------------&gt; PlayStream
 *                                       +--play of a file (VOD app)---&gt; VodStream
 *   deleteStream, session closed: any --&gt; gone
 * </pre>
 */
sealed interface NetStream permits IdleStream, PublishStream, PlayStream, VodStream {
  /** The message stream id. */
  int streamId();
}
