// The slac extension: starts `slac lsp` (or the `slac.command` setting) for .sla files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("slac").get("command");
  client = new LanguageClient(
    "slac",
    "slac",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "slac" }, { scheme: "untitled", language: "slac" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
