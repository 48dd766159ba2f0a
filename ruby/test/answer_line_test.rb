# frozen_string_literal: true

require "test_helper"

# Bunker::AnswerLine and Bunker::LineReader on their own: what the client makes of any line.
class AnswerLineTest < Minitest::Test
  def parse(text)
    Bunker::AnswerLine.parse(text.b)
  end

  def unreadable(text)
    assert_raises(Bunker::AnswerLine::Unreadable) { parse(text) }
  end

  def test_lone_surrogate_escapes_become_u_fffd_and_pairs_stay
    assert_equal({ "a" => "x\uFFFDy" }, parse('{"a":"x\ud800y"}'))
    assert_equal({ "\uFFFD" => ["\uFFFD\uFFFD", "😀", "\uFFFD😀"] }, parse('{"\uDC00":["\udc00\ud800","\ud83d\ude00","\ude00\ud83d\ude00"]}'))
    assert_equal({ "a" => "\uFFFDz" }, parse('{"a":"\ud800z"}'))
  end

  def test_an_escaped_backslash_before_u_is_text_not_an_escape
    assert_equal({ "a" => "\\ud800" }, parse('{"a":"\\\\ud800"}'))
    assert_equal({ "a" => "\\\uFFFD" }, parse('{"a":"\\\\\ud800"}'))
  end

  def test_invalid_utf8_bytes_become_u_fffd
    assert_equal({ "a" => "x\uFFFDy" }, parse("{\"a\":\"x\xFFy\"}"))
    assert parse("{\"a\":\"\xC3\"}")["a"].valid_encoding?
  end

  def test_1001_levels_are_read_and_1002_are_not
    assert_equal 1000, depth(parse("{\"v\":1,\"id\":1,\"value\":#{'[' * 1000}#{']' * 1000}}")["value"])
    error = unreadable("{\"v\":1,\"id\":4,\"value\":#{'[' * 1001}#{']' * 1001}}")
    assert_equal 4, error.id
    assert_match(/\AJSON::NestingError: nesting of 1002 is too deep/, error.message)
  end

  def test_an_unreadable_line_names_its_id_when_it_starts_as_bunker_writes_answers
    assert_equal 17, unreadable('{"v":1,"id":17,"ok":tru').id
    assert_equal 3, unreadable('{"v":1,"id":3}garbage').id
    assert_nil unreadable('{"id":17,"v":1,').id
    assert_nil unreadable("not json").id
    assert_nil unreadable("").id
  end

  def test_json_that_is_not_an_object_is_unreadable
    assert_equal "JSON::ParserError: not a JSON object", unreadable("[1,2]").message
    unreadable('"text"')
    unreadable("null")
  end

  def test_json_additions_and_nan_are_not_honoured
    assert_equal({ "json_class" => "Range", "a" => [1, 2, false] }, parse('{"json_class":"Range","a":[1,2,false]}'))
    unreadable('{"a":NaN}')
  end

  def test_the_line_reader_returns_nil_at_its_deadline_even_inside_a_line
    reader_io, writer = IO.pipe
    reader = Bunker::LineReader.new(reader_io)
    writer.write("first\nsec")
    assert_equal "first", reader.next_line(1)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_nil reader.next_line(0.2)
    assert_in_delta 0.2, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, 0.15
    # More than a pipe holds: written from another thread while this one reads.
    feeder = Thread.new do
      writer.write("ond\n" + ("x" * 300_000) + "\nlast\n")
      writer.close
    end
    assert_equal "second", reader.next_line(1)
    assert_equal "x" * 300_000, reader.next_line(1)
    assert_equal "last", reader.next_line(1)
    assert_raises(EOFError) { reader.next_line(1) }
    feeder.join
  ensure
    [reader_io, writer].each { |io| io.close unless io.closed? }
  end

  def depth(value)
    n = 0
    while value.is_a?(Array)
      value = value[0]
      n += 1
    end
    n
  end
end
