# frozen_string_literal: true

require "base64"
require "json"
require "test_helper"

# Fuzz: any line at all in place of an answer (issue 11, item 3). A stand-in server
# (support/scripted_server.rb) writes the lines; whatever they hold, a call returns a Result or
# raises a Bunker::Error, only that call is affected, and the connection serves the next one.
# Seeded and bounded: BUNKER_FUZZ_SEED=n reproduces a run.
class FuzzAnswersTest < Minitest::Test
  SEED = Integer(ENV.fetch("BUNKER_FUZZ_SEED", "1111"))
  CASES = 300
  SERVER = File.expand_path("support/scripted_server.rb", __dir__)
  STATS = { "wallMs" => 1, "cpuMs" => 0, "peakMemoryBytes" => 0 }.freeze
  ERRORS = [%w[JavaScriptError JAVASCRIPT_ERROR], %w[TimeoutError WALL_TIMEOUT], %w[SandboxError SANDBOX_CRASHED],
            %w[NoSuchError NO_SUCH]].freeze

  def setup
    @rng = Random.new(SEED)
    @client = Bunker::Client.new(command: [RbConfig.ruby, SERVER], answer_margin: 0.3)
  end

  def teardown
    @client.close
    super
  end

  def call(lines)
    # A 1 ms timeout: a call left without an answer gives up after the margin.
    answer = @client.call("run", { "code" => Base64.strict_encode64(lines.b), "options" => {} }, timeout_ms: 1)
    Bunker::Answers.result!(answer)
  end

  def text
    units = Array.new(@rng.rand(0..12)) do
      case @rng.rand(6)
      when 0 then @rng.rand(0xD800..0xDFFF)
      when 1 then @rng.rand(0..0x1F)
      when 2 then [0x22, 0x5C, 0x2028, 0xFEFF].sample(random: @rng)
      else @rng.rand(0x20..0x7E)
      end
    end
    # JSON escapes, as a server would write them.
    "\"#{units.map { |u| format('\\u%04x', u) }.join}\""
  end

  def json_value(depth = 0)
    return ["[" * 1001, "]" * 1001].join("1") if depth.zero? && @rng.rand(30).zero?

    case depth > 4 ? 0 : @rng.rand(6)
    when 0 then text
    when 1 then [@rng.rand(-2**70..2**70), @rng.rand * 10**@rng.rand(-30..30), "1e400", "-0", "true", "null"].sample(random: @rng).to_s
    when 2 then "[#{Array.new(@rng.rand(0..4)) { json_value(depth + 1) }.join(',')}]"
    else "{#{Array.new(@rng.rand(0..4)) { "#{text}:#{json_value(depth + 1)}" }.join(',')}}"
    end
  end

  def answer_line(id = "ID")
    if @rng.rand(8).zero?
      name, code = ERRORS.sample(random: @rng)
      return %({"v":1,"id":#{id},"ok":false,"error":{"name":"#{name}","code":"#{code}","message":#{text}},) +
             %("console":#{text},"consoleTruncated":false,"requests":[],"stats":#{JSON.generate(STATS)}})
    end
    %({"v":1,"id":#{id},"ok":true,"value":#{json_value},"console":#{text},"consoleTruncated":false,) +
      %("requests":[],"stats":#{JSON.generate(STATS)}})
  end

  def mutate(line)
    bytes = line.b
    case @rng.rand(12)
    when 0 then bytes[0, @rng.rand(bytes.bytesize)]
    when 1 then bytes.tap { |b| b.setbyte(i = @rng.rand(b.bytesize), b.getbyte(i) ^ (1 << @rng.rand(8))) }
    when 2 then bytes.sub('"console":"', "\"console\":\"\xFF\xC3".b)
    when 3 then bytes.sub('"stats":', '"statz":')
    when 4 then "#{answer_line(999_999)}\n#{bytes}"
    when 5 then "#{bytes}\n#{bytes}"
    when 6 then "garbage\n#{bytes}"
    when 7 then bytes.sub('"ok":true', '"ok":"yes"')
    when 8 then "" # no answer at all
    else bytes
    end
  end

  def test_any_line_fails_only_its_own_call
    outcomes = Hash.new(0)
    CASES.times do |i|
      line = mutate(answer_line)
      outcome = begin
        call(line)
        :result
      rescue Bunker::Error => e
        e.code || e.class.name
      rescue StandardError => e
        flunk("seed #{SEED}, case #{i}: #{e.class}: #{e.message[0, 200]} from #{line[0, 200].inspect}")
      end
      outcomes[outcome] += 1
      assert_equal "pong", @client.call("ping")["value"], "seed #{SEED}, case #{i}: the connection serves on"
    end
    refute @client.connection.closed?
    # The mutations reach every kind of outcome (a check on the fuzzer itself).
    %i[result].concat(%w[PROTOCOL_ERROR ANSWER_TIMEOUT JAVASCRIPT_ERROR]).each do |kind|
      assert_operator outcomes[kind], :>, 0, "seed #{SEED}: no #{kind} among #{outcomes}"
    end
  end
end
