package io.rtmpt.engine.amf;

import java.nio.ByteBuffer;
import java.util.List;

/** The two formats behind one face, so that one test runs against both readers and writers. */
enum AmfFormat {
  AMF0 {
    @Override
    Reader reader(ByteBuffer in) {
      Amf0Reader reader = new Amf0Reader(in);
      return new Reader() {
        @Override
        public Object read() throws AmfException {
          return reader.read();
        }

        @Override
        public List<Object> readAll() throws AmfException {
          return reader.readAll();
        }
      };
    }

    @Override
    byte[] write(List<Object> values) {
      return new Amf0Writer().writeAll(values.toArray()).toByteArray();
    }

    @Override
    List<AmfFixture> fixtures() {
      return Amf0Fixtures.all();
    }
  },
  AMF3 {
    @Override
    Reader reader(ByteBuffer in) {
      Amf3Reader reader = new Amf3Reader(in);
      return new Reader() {
        @Override
        public Object read() throws AmfException {
          return reader.read();
        }

        @Override
        public List<Object> readAll() throws AmfException {
          return reader.readAll();
        }
      };
    }

    @Override
    byte[] write(List<Object> values) {
      return new Amf3Writer().writeAll(values.toArray()).toByteArray();
    }

    @Override
    List<AmfFixture> fixtures() {
      return Amf3Fixtures.all();
    }
  };

  interface Reader {
    Object read() throws AmfException;

    List<Object> readAll() throws AmfException;
  }

  abstract Reader reader(ByteBuffer in);

  abstract byte[] write(List<Object> values);

  abstract List<AmfFixture> fixtures();

  List<Object> readAll(byte[] bytes) throws AmfException {
    return reader(ByteBuffer.wrap(bytes)).readAll();
  }
}
