// The official TypeScript SDK's MCP server over Streamable HTTP, for McpHttpSpeed: one trivial tool, `echo`,
// the same as the Cairn server it is compared with. Stateful sessions (one transport and McpServer per session,
// as the SDK's examples do), JSON responses (the SDK's cheaper response mode). Listens on 127.0.0.1:$PORT
// (0: any free port) and prints "listening PORT" on stdout.
// Run: NODE_PATH=bench/target/mcp-ts/node_modules node bench/mcp-ts/server.cjs  (see McpHttpSpeed for the install)
'use strict';
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { z } = require('zod');

const transports = new Map();

function newServer() {
  const server = new McpServer({ name: 'bench-ts-sdk', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  try {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) {
        res.writeHead(404).end();
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => transports.set(id, created),
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await newServer().connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500).end(String(e));
  }
});

httpServer.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('listening ' + httpServer.address().port);
});
process.on('SIGTERM', () => httpServer.close(() => process.exit(0)));
