# frozen_string_literal: true

require "json"
require "socket"

# A minimal HTTP/1.1 server on 127.0.0.1 (port 0) for the fetch tests. It records every request
# and every connection, which is how a test shows that a refused fetch reached nothing. Each
# request gets JSON describing it ({"method", "path", "host", "body"}) and the connection is closed.
class LoopbackServer
  Hit = Struct.new(:method, :path, :headers, :body, keyword_init: true)

  attr_reader :port

  def initialize
    @server = TCPServer.new("127.0.0.1", 0)
    @port = @server.addr[1]
    @lock = Mutex.new
    @hits = []
    @connections = 0
    @thread = Thread.new { serve }
  end

  def hits
    @lock.synchronize { @hits.dup }
  end

  def connections
    @lock.synchronize { @connections }
  end

  def close
    @server.close
    @thread.join(5)
  end

  # The body this server sends for a request, to compare response sizes with.
  def self.answer(method, path, host, body = "")
    JSON.generate({ "method" => method, "path" => path, "host" => host, "body" => body })
  end

  private

  def serve
    loop do
      client = @server.accept
      @lock.synchronize { @connections += 1 }
      respond(client)
    end
  rescue IOError, Errno::EBADF
    nil # closed
  end

  def respond(client)
    request_line = client.gets or return
    method, path, = request_line.split(" ")
    headers = {}
    while (line = client.gets) && line != "\r\n"
      name, value = line.split(":", 2)
      headers[name.strip.downcase] = value.strip
    end
    body = client.read(headers.fetch("content-length", "0").to_i).to_s
    @lock.synchronize { @hits << Hit.new(method: method, path: path, headers: headers, body: body) }
    answer = self.class.answer(method, path, headers["host"], body)
    client.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" \
                 "content-length: #{answer.bytesize}\r\nconnection: close\r\n\r\n#{answer}")
  rescue IOError, SystemCallError
    nil
  ensure
    client.close
  end
end
