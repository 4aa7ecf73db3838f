// Chat page of the LINE simulator (development only). Talks to the control API under /_sim/ and
// listens to /_sim/events for replies and pushes. Text is always set with textContent, never HTML.
"use strict";

(function () {
  const state = { consulters: [], current: null, unread: {} };
  const $ = (id) => document.getElementById(id);

  async function api(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const resp = await fetch(path, init);
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error(`${resp.status} ${JSON.stringify(data.error || data)}`);
    return data;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function timeOf(iso) {
    return new Date(iso).toLocaleTimeString("ja-JP", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function describeEvent(message) {
    switch (message.type) {
      case "follow": return message.isUnblocked ? "ブロック解除しました" : "友だち追加しました";
      case "unfollow": return "ブロックしました";
      case "postback": return `選択しました（${message.data}）`;
      default: return message.type;
    }
  }

  function messageText(message) {
    switch (message.type) {
      case "text": return message.text;
      case "sticker": return `［スタンプ ${message.packageId}/${message.stickerId}］`;
      case "image": return "［画像］";
      case "template":
      case "flex": return message.altText;
      default: return `［${message.type}］`;
    }
  }

  function actionButton(action) {
    const button = el("button", "", action.label || action.text || action.displayText || action.type);
    button.type = "button";
    button.addEventListener("click", () => runAction(action));
    return button;
  }

  async function runAction(action) {
    if (action.type === "message") return sendText(action.text);
    if (action.type === "postback") return act("postback", { data: action.data });
    if (action.type === "uri") return setStatus(`リンク: ${action.uri}（シミュレーターでは開きません）`);
    setStatus(`未対応のアクション: ${action.type}`);
  }

  function renderEntry(entry) {
    const item = el("li", `entry ${entry.kind}`);
    if (entry.kind === "event") {
      item.textContent = `${entry.messages.map(describeEvent).join(" / ")} ・ ${timeOf(entry.at)}`;
      return item;
    }
    const meta = el("div", "meta");
    if (entry.kind === "reply") meta.append(el("span", "tag", "応答"));
    if (entry.kind === "push") meta.append(el("span", "tag push", "プッシュ"));
    if (entry.notification_disabled) meta.append(el("span", "tag", "通知なし"));
    if (entry.kind === "sent" && entry.webhook_status !== 200) {
      meta.append(el("span", "tag failed", `ingress ${entry.webhook_status ?? "接続不可"}`));
    }
    meta.append(document.createTextNode(timeOf(entry.at)));
    item.append(meta);
    for (const message of entry.messages) {
      item.append(el("div", "bubble", messageText(message)));
      const actions = (message.template && message.template.actions) || [];
      if (actions.length) {
        const box = el("div", "template-actions");
        actions.forEach((action) => box.append(actionButton(action)));
        item.append(box);
      }
    }
    return item;
  }

  function showQuickReplies(entry) {
    const box = $("quick-replies");
    box.replaceChildren();
    if (!entry || (entry.kind !== "reply" && entry.kind !== "push")) return;
    const last = entry.messages[entry.messages.length - 1];
    const items = (last.quickReply && last.quickReply.items) || [];
    items.forEach((item) => box.append(actionButton(item.action)));
  }

  function appendEntry(entry) {
    const log = $("log");
    log.append(renderEntry(entry));
    log.scrollTop = log.scrollHeight;
    showQuickReplies(entry);
  }

  function renderConsulters() {
    const list = $("consulter-list");
    list.replaceChildren();
    for (const consulter of state.consulters) {
      const button = el("button", consulter.user_id === state.current ? "selected" : "", consulter.display_name);
      button.type = "button";
      if (!consulter.following) button.append(el("span", "blocked", "（ブロック中）"));
      if (state.unread[consulter.user_id]) button.append(el("span", "badge", String(state.unread[consulter.user_id])));
      button.addEventListener("click", () => select(consulter.user_id));
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }

  function currentConsulter() {
    return state.consulters.find((c) => c.user_id === state.current);
  }

  function updateControls() {
    const consulter = currentConsulter();
    const following = Boolean(consulter && consulter.following);
    $("text").disabled = $("send").disabled = $("sticker").disabled = !following;
    $("unfollow").disabled = !following;
    $("follow").disabled = !consulter;
    $("unblock").disabled = !consulter || following;
  }

  async function refreshConsulters() {
    state.consulters = (await api("GET", "/_sim/consulters")).consulters;
    renderConsulters();
    updateControls();
  }

  async function select(userId) {
    state.current = userId;
    delete state.unread[userId];
    const data = await api("GET", `/_sim/consulters/${userId}/conversation`);
    $("chat-title").textContent = `${data.display_name} のトーク`;
    $("log").replaceChildren();
    data.entries.forEach(appendEntry);
    if (!data.entries.length) showQuickReplies(null);
    renderConsulters();
    updateControls();
    $("text").focus();
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  async function act(action, body) {
    if (!state.current) return;
    try {
      const result = await api("POST", `/_sim/consulters/${state.current}/${action}`, body);
      setStatus(`webhook ${result.webhookEventId} → ingress ${result.status ?? "接続不可"}`);
    } catch (err) {
      setStatus(`失敗: ${err.message}`);
    }
    await refreshConsulters();
    await select(state.current);
  }

  async function sendText(text) {
    if (!text.trim()) return;
    await act("messages", { text });
  }

  function listen() {
    const feed = new EventSource("/_sim/events");
    feed.onopen = () => { $("feed-status").textContent = "● ライブ受信中"; };
    feed.onerror = () => { $("feed-status").textContent = "○ 再接続中…"; };
    feed.onmessage = (event) => {
      const item = JSON.parse(event.data);
      if (item.user_id === state.current) {
        appendEntry(item);
      } else {
        state.unread[item.user_id] = (state.unread[item.user_id] || 0) + 1;
        renderConsulters();
      }
    };
  }

  function wire() {
    $("composer").addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = $("text").value;
      $("text").value = "";
      await sendText(text);
    });
    $("text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("composer").requestSubmit();
      }
    });
    $("follow").addEventListener("click", () => act("follow", { unblocked: false }));
    $("unblock").addEventListener("click", () => act("follow", { unblocked: true }));
    $("unfollow").addEventListener("click", () => act("unfollow"));
    $("sticker").addEventListener("click", () => act("sticker", {}));
    $("reset").addEventListener("click", async () => {
      if (!window.confirm("会話・配信記録・クォータ・障害設定をすべて消去しますか？")) return;
      await api("POST", "/_sim/reset");
      state.unread = {};
      await refreshConsulters();
      if (state.current) await select(state.current);
    });
  }

  document.addEventListener("DOMContentLoaded", async () => {
    wire();
    listen();
    await refreshConsulters();
    if (state.consulters.length) await select(state.consulters[0].user_id);
  });
})();
