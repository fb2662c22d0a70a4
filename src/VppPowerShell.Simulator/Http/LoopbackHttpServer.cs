using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Simulator.Http;

/// <summary>One parsed HTTP/1.1 request.</summary>
internal sealed class HttpRequestData
{
    public HttpRequestData(string method, string target, Dictionary<string, string> headers, byte[] body, bool keepAlive)
    {
        Method = method;
        Target = target;
        Headers = headers;
        Body = body;
        KeepAlive = keepAlive;
        int q = target.IndexOf('?');
        Path = q < 0 ? target : target.Substring(0, q);
        Query = q < 0 ? string.Empty : target.Substring(q + 1);
    }

    public string Method { get; }
    public string Target { get; }
    public string Path { get; }
    public string Query { get; }
    public Dictionary<string, string> Headers { get; }
    public byte[] Body { get; }
    public bool KeepAlive { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>The answer a handler builds; the body stream belongs to the connection and is reused.</summary>
internal sealed class HttpResponseData
{
    public HttpResponseData(MemoryStream body) => Body = body;

    public int Status { get; set; } = 200;
    public string ContentType { get; set; } = "application/json; charset=utf-8";
    public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
    public MemoryStream Body { get; }

    /// <summary>Reset the connection instead of answering (the "dropped connection" fault).</summary>
    public bool Abort { get; set; }
}

internal delegate Task HttpHandler(HttpRequestData request, HttpResponseData response);

/// <summary>
/// A small HTTP/1.1 server on a TcpListener: keep-alive, Content-Length and chunked request
/// bodies, <c>Expect: 100-continue</c>, and the ability to reset a connection mid-request.
/// No ASP.NET Core and no http.sys, so it runs inside Windows PowerShell 5.1 without URL ACLs.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly HttpHandler _handler;
    private readonly ConcurrentDictionary<long, TcpClient> _connections = new ConcurrentDictionary<long, TcpClient>();
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly Task _acceptLoop;
    private long _nextConnectionId;
    private int _disposed;

    public LoopbackHttpServer(IPAddress address, int port, HttpHandler handler)
    {
        _handler = handler;
        _listener = new TcpListener(address, port);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Connections currently open.</summary>
    public int OpenConnections => _connections.Count;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        try { _listener.Stop(); } catch (SocketException) { }
        foreach (var pair in _connections)
        {
            try { pair.Value.Close(); } catch (ObjectDisposedException) { }
        }
        try { _acceptLoop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (_stop.IsCancellationRequested) { return; }
            catch (InvalidOperationException) { return; }
            catch (SocketException) { continue; }

            long id = Interlocked.Increment(ref _nextConnectionId);
            _connections[id] = client;
            if (_stop.IsCancellationRequested)
            {
                client.Close();
                _connections.TryRemove(id, out _);
                return;
            }
            _ = Task.Run(() => RunConnectionAsync(id, client));
        }
    }

    private async Task RunConnectionAsync(long id, TcpClient client)
    {
        bool reset = false;
        try
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var reader = new RequestReader(stream);
            var body = new MemoryStream();
            byte[] output = new byte[16 * 1024];
            while (!_stop.IsCancellationRequested)
            {
                HttpRequestData? request;
                try
                {
                    request = await reader.ReadAsync().ConfigureAwait(false);
                }
                catch (BadRequestException ex)
                {
                    body.SetLength(0);
                    var bad = new HttpResponseData(body) { Status = ex.Status, ContentType = "text/plain; charset=utf-8" };
                    byte[] text = Encoding.UTF8.GetBytes(ex.Message);
                    body.Write(text, 0, text.Length);
                    await WriteAsync(stream, bad, keepAlive: false, buffer: output).ConfigureAwait(false);
                    return;
                }
                if (request is null) return;

                body.SetLength(0);
                var response = new HttpResponseData(body);
                await _handler(request, response).ConfigureAwait(false);
                if (response.Abort)
                {
                    reset = true;
                    return;
                }
                output = await WriteAsync(stream, response, request.KeepAlive, output).ConfigureAwait(false);
                if (!request.KeepAlive) return;
            }
        }
        catch (IOException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
        finally
        {
            _connections.TryRemove(id, out _);
            try
            {
                if (reset) client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
                client.Close();
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }
    }

    private static async Task<byte[]> WriteAsync(Stream stream, HttpResponseData response, bool keepAlive, byte[] buffer)
    {
        var head = new StringBuilder(256);
        head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        head.Append("Date: ").Append(DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Server: VppPowerShell.Simulator\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var h in response.Headers) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
        if (!keepAlive) head.Append("Connection: close\r\n");
        head.Append("\r\n");

        string headText = head.ToString();
        int headLength = Encoding.ASCII.GetByteCount(headText);
        int total = headLength + (int)response.Body.Length;
        byte[] output = buffer.Length >= total ? buffer : new byte[Math.Max(total, buffer.Length * 2)];
        Encoding.ASCII.GetBytes(headText, 0, headText.Length, output, 0);
        Buffer.BlockCopy(response.Body.GetBuffer(), 0, output, headLength, (int)response.Body.Length);
        await stream.WriteAsync(output, 0, total).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
        return output;
    }

    private static string Reason(int status) => status switch
    {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        411 => "Length Required",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private sealed class BadRequestException : Exception
    {
        public BadRequestException(int status, string message) : base(message) => Status = status;
        public int Status { get; }
    }

    /// <summary>Buffered reader of HTTP/1.1 requests from one connection.</summary>
    private sealed class RequestReader
    {
        private static readonly byte[] Continue = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
        private readonly Stream _stream;
        private byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public RequestReader(Stream stream) => _stream = stream;

        /// <summary>The next request, or null when the peer closed the connection between requests.</summary>
        public async Task<HttpRequestData?> ReadAsync()
        {
            int headerEnd;
            while ((headerEnd = FindHeaderEnd()) < 0)
            {
                if (_end - _start >= MaxHeaderBytes) throw new BadRequestException(431, "Request headers too large.");
                if (await FillAsync().ConfigureAwait(false) == 0)
                {
                    if (_end == _start) return null;
                    throw new IOException("Connection closed inside a request.");
                }
            }

            string head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            string[] lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            string[] requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
                throw new BadRequestException(400, "Malformed request line.");

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon <= 0) throw new BadRequestException(400, "Malformed header.");
                string name = lines[i].Substring(0, colon).Trim();
                string value = lines[i].Substring(colon + 1).Trim();
                headers[name] = headers.TryGetValue(name, out var prior) ? prior + ", " + value : value;
            }

            bool http10 = requestLine[2] == "HTTP/1.0";
            headers.TryGetValue("Connection", out var connection);
            bool keepAlive = http10
                ? connection != null && connection.IndexOf("keep-alive", StringComparison.OrdinalIgnoreCase) >= 0
                : connection == null || connection.IndexOf("close", StringComparison.OrdinalIgnoreCase) < 0;

            if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await _stream.WriteAsync(Continue, 0, Continue.Length).ConfigureAwait(false);
            }

            byte[] body;
            if (headers.TryGetValue("Transfer-Encoding", out var te) && te.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                body = await ReadChunkedAsync().ConfigureAwait(false);
            }
            else if (headers.TryGetValue("Content-Length", out var cl))
            {
                if (!int.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out int length))
                    throw new BadRequestException(400, "Bad Content-Length.");
                if (length > MaxBodyBytes) throw new BadRequestException(413, "Request body too large.");
                body = await ReadExactAsync(length).ConfigureAwait(false);
            }
            else
            {
                body = Array.Empty<byte>();
            }

            return new HttpRequestData(requestLine[0], requestLine[1], headers, body, keepAlive);
        }

        private int FindHeaderEnd()
        {
            for (int i = _start; i + 3 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n') return i;
            }
            return -1;
        }

        private async Task<int> FillAsync()
        {
            if (_start > 0 && _start == _end)
            {
                _start = _end = 0;
            }
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                else
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }
            int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end).ConfigureAwait(false);
            _end += read;
            return read;
        }

        private async Task<byte[]> ReadExactAsync(int length)
        {
            byte[] body = new byte[length];
            int copied = Math.Min(length, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, 0, copied);
            _start += copied;
            while (copied < length)
            {
                int read = await _stream.ReadAsync(body, copied, length - copied).ConfigureAwait(false);
                if (read == 0) throw new IOException("Connection closed inside a request body.");
                copied += read;
            }
            return body;
        }

        private async Task<string> ReadLineAsync()
        {
            while (true)
            {
                for (int i = _start; i + 1 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                    {
                        string line = Encoding.ASCII.GetString(_buffer, _start, i - _start);
                        _start = i + 2;
                        return line;
                    }
                }
                if (_end - _start >= MaxHeaderBytes) throw new BadRequestException(400, "Chunk line too long.");
                if (await FillAsync().ConfigureAwait(false) == 0) throw new IOException("Connection closed inside a chunked body.");
            }
        }

        private async Task<byte[]> ReadChunkedAsync()
        {
            var body = new MemoryStream();
            while (true)
            {
                string sizeLine = await ReadLineAsync().ConfigureAwait(false);
                int semi = sizeLine.IndexOf(';');
                if (semi >= 0) sizeLine = sizeLine.Substring(0, semi);
                if (!int.TryParse(sizeLine.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
                    throw new BadRequestException(400, "Bad chunk size.");
                if (size == 0)
                {
                    while ((await ReadLineAsync().ConfigureAwait(false)).Length > 0) { } // trailers
                    return body.ToArray();
                }
                if (body.Length + size > MaxBodyBytes) throw new BadRequestException(413, "Request body too large.");
                byte[] chunk = await ReadExactAsync(size).ConfigureAwait(false);
                body.Write(chunk, 0, chunk.Length);
                if ((await ReadLineAsync().ConfigureAwait(false)).Length != 0) throw new BadRequestException(400, "Bad chunk terminator.");
            }
        }
    }
}
