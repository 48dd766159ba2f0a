# frozen_string_literal: true

# A stand-in for `bunker serve --stdio` that answers each `run` request with the bytes its code
# holds in base64, "ID" replaced by the request's id (several lines: newline-separated; none: ""):
# the way
# to hand the client any line at all, as the TypeScript fuzzers hand the host any frame. Other ops
# get a well-formed answer. Used as Bunker::Client.new(command: ["ruby", this file]).
require "json"

$stdout.sync = true
$stdout.binmode
puts JSON.generate("v" => 1, "type" => "ready", "version" => "test", "defaultTimeoutMs" => 5000)
$stdin.binmode
$stdin.each_line do |line|
  request = JSON.parse(line)
  id = request["id"]
  if request["op"] == "run"
    script = request["code"].unpack1("m")
    $stdout.write(script.gsub("ID", id.to_s) + "\n") unless script.empty?
  else
    value = request["op"] == "ping" ? "pong" : nil
    puts JSON.generate("v" => 1, "id" => id, "ok" => true, "value" => value, "console" => "",
                       "consoleTruncated" => false, "requests" => [],
                       "stats" => { "wallMs" => 0, "cpuMs" => 0, "peakMemoryBytes" => 0 })
  end
end
