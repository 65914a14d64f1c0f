// A Server-Sent Events reader for the benchmark (no browser, no EventSource in Node 20): opens
// GET <url> with a session cookie and calls onEvent(name, data, atMs) for every dispatched event.
// Comment lines (": heartbeat") are skipped, as a browser skips them.

/**
 * @returns {Promise<{ status: number, closed: Promise<string> }>} status 0 when the connection
 *   failed; `closed` settles with why the stream ended ("end", "abort", "network (…)").
 */
export async function openStream(url, cookie, signal, onEvent) {
  let response;
  try {
    response = await fetch(url, {
      headers: { cookie, accept: "text/event-stream" },
      signal,
      redirect: "manual",
    });
  } catch (error) {
    return { status: 0, closed: Promise.resolve(`network (${error?.cause?.code ?? error?.name})`) };
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel().catch(() => {});
    return { status: response.status, closed: Promise.resolve("refused") };
  }
  const closed = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    let name = "";
    let data = [];
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline = buffer.search(/\r\n|\r|\n/);
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
          if (line === "") {
            if (data.length > 0 || name) onEvent(name || "message", data.join("\n"), Date.now());
            name = "";
            data = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") name = value;
            else if (field === "data") data.push(value);
          }
          newline = buffer.search(/\r\n|\r|\n/);
        }
      }
      return "end";
    } catch (error) {
      return signal.aborted ? "abort" : `network (${error?.cause?.code ?? error?.name})`;
    }
  })();
  return { status: 200, closed };
}
