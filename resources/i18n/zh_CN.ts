<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatController</name>
    <message>
        <source>No browser could open this link. You can copy it instead.</source>
        <translation>没有浏览器能打开此链接。你可以复制它。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>正在思考…</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>The disk is full, so saving is paused. The reply goes on, and everything is saved as soon as there is space again.</source>
        <translation>磁盘已满，保存已暂停。回复会继续，一旦有空间就会全部保存。</translation>
    </message>
    <message>
        <source>Saving resumed: everything is in your history now.</source>
        <translation>已恢复保存：所有内容都已存入历史记录。</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>System prompt &amp;&amp; parameters</source>
        <translation>系统提示词和参数</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Jump to latest</source>
        <extracomment>Cards built before ``show_messages`` returns: enough to fill a tall window. Budget of one deferred building step; the loop gets control back after it.</extracomment>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>跳到最新消息</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Message… (%1 to send)</source>
        <translation>输入消息…（%1 发送）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attach images or files (or paste, or drop them)</source>
        <translation>附加图片或文件（也可粘贴或拖放）</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Prompt presets</source>
        <translation>提示词预设</translation>
    </message>
    <message>
        <source>Insert a saved prompt…</source>
        <translation>插入已保存的提示词…</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>System prompt (empty: the default from Settings)</source>
        <translation>系统提示词（留空则使用设置中的默认值）</translation>
    </message>
    <message>
        <source>These settings apply from the first message you send.</source>
        <translation>这些设置从你发送的第一条消息开始生效。</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter is a new line</source>
        <translation>Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>%1 sends, Enter is a new line</source>
        <translation>%1 发送，Enter 换行</translation>
    </message>
    <message>
        <source>Name new chats from the first message</source>
        <translation>根据第一条消息为新对话命名</translation>
    </message>
    <message>
        <source>Let the model suggest a short title</source>
        <translation>让模型生成简短标题</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Back up the history once a day</source>
        <translation>每天备份一次历史记录</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>发送键</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Automatic titles</source>
        <translation>自动标题</translation>
    </message>
    <message>
        <source>Titles written by the model</source>
        <translation>由模型生成标题</translation>
    </message>
    <message>
        <source>Reply timeout in seconds</source>
        <translation>回复超时（秒）</translation>
    </message>
    <message>
        <source>Daily backup</source>
        <translation>每日备份</translation>
    </message>
    <message>
        <source>Number of backups to keep</source>
        <translation>保留的备份数量</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Font size:</source>
        <translation>字号(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Send with:</source>
        <translation>发送方式(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes full effect after a restart.</source>
        <translation>新语言将在重启后完全生效。</translation>
    </message>
    <message>
        <source>Titles:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Reply &amp;timeout:</source>
        <translation>回复超时(&amp;T)：</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>备份：</translation>
    </message>
    <message>
        <source>&amp;Keep:</source>
        <translation>保留(&amp;K)：</translation>
    </message>
    <message>
        <source>Attachments:</source>
        <translation>附件：</translation>
    </message>
</context>
<context>
    <name>MainPresenter</name>
    <message>
        <source>Something went wrong (%1). Your messages are safe; details are in the log.</source>
        <translation>出了点问题（%1）。你的消息是安全的；详情见日志。</translation>
    </message>
    <message>
        <source>Details copied.</source>
        <translation>详情已复制。</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>链接已复制。</translation>
    </message>
    <message>
        <source>Connected: %1 models available.</source>
        <translation>已连接：有 %1 个模型可用。</translation>
    </message>
    <message>
        <source>Deleted forever (%1).</source>
        <translation>已永久删除（%1 个）。</translation>
    </message>
    <message>
        <source>Editing a sent message: sending makes a new version.</source>
        <translation>正在编辑已发送的消息：发送后将生成新版本。</translation>
    </message>
    <message>
        <source>Last reply copied.</source>
        <translation>已复制最新回复。</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>Could not write the file: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>%1 prompt + %2 reply tokens in this chat</source>
        <translation>本对话：提示 %1 + 回复 %2 个 token</translation>
    </message>
    <message>
        <source>Moved to Trash.</source>
        <translation>已移到回收站。</translation>
    </message>
    <message>
        <source>%1 conversations moved to Trash.</source>
        <translation>已将 %1 个对话移到回收站。</translation>
    </message>
    <message>
        <source>Trash emptied (%1 erased).</source>
        <translation>回收站已清空（删除了 %1 个）。</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>离线：%1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>%1 answered with an error: %2</source>
        <translation>%1 返回了错误：%2</translation>
    </message>
    <message>
        <source>Connected to %1 (%2 models)</source>
        <translation>已连接到 %1（%2 个模型）</translation>
    </message>
    <message>
        <source>%1 (set by %2)</source>
        <translation>%1（由 %2 设置）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Focus composer</source>
        <translation>聚焦输入框</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Copy last reply</source>
        <translation>复制最新回复</translation>
    </message>
    <message>
        <source>Previous conversation</source>
        <translation>上一个对话</translation>
    </message>
    <message>
        <source>Next conversation</source>
        <translation>下一个对话</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>A check after the last crash found damage in your history file (details are in the log). Export your conversations now to keep a copy of what can still be read.</source>
        <translation>上次崩溃后的检查发现历史文件已损坏（详情见日志）。请立即导出对话，保留仍可读取的内容。</translation>
    </message>
</context>
<context>
    <name>MessageCard</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Message from %1</source>
        <translation>来自 %1 的消息</translation>
    </message>
    <message>
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>复制为纯文本</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate this reply</source>
        <translation>重新生成此回复</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Choose model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>ParamsEditor</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>One stop sequence per line</source>
        <translation>每行一个停止序列</translation>
    </message>
    <message>
        <source>Ask for a JSON object (JSON mode)</source>
        <translation>要求返回 JSON 对象（JSON 模式）</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top &amp;p：</translation>
    </message>
    <message>
        <source>&amp;Max tokens:</source>
        <translation>最大令牌数(&amp;M)：</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>随机种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Presence penalty:</source>
        <translation>存在惩罚：</translation>
    </message>
    <message>
        <source>Frequency penalty:</source>
        <translation>频率惩罚：</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>停止序列(&amp;S)：</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Higher is more varied.</source>
        <translation>数值越高，回复越多样。</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Nucleus sampling cut-off.</source>
        <translation>核采样阈值。</translation>
    </message>
    <message>
        <source>Maximum tokens</source>
        <translation>最大令牌数</translation>
    </message>
    <message>
        <source>Longest reply allowed.</source>
        <translation>允许的最长回复。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Same seed, same reply (if supported).</source>
        <translation>相同种子得到相同回复（如果服务器支持）。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <source>The reply ends at any of these.</source>
        <translation>回复遇到其中任意一个即结束。</translation>
    </message>
    <message>
        <source>JSON mode</source>
        <translation>JSON 模式</translation>
    </message>
    <message>
        <source>Not every server supports it.</source>
        <translation>并非所有服务器都支持。</translation>
    </message>
    <message>
        <source>Reset parameters to defaults</source>
        <translation>将参数恢复为默认值</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>A key is saved — type to replace it</source>
        <translation>已保存密钥——输入新密钥即可替换</translation>
    </message>
    <message>
        <source>Paste the API key (leave empty for local servers)</source>
        <translation>粘贴 API 密钥（本地服务器可留空）</translation>
    </message>
    <message>
        <source>Extra headers, line %1: write one &quot;Name: value&quot; per line.</source>
        <translation>附加请求头第 %1 行：每行写一个“名称: 值”。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>配置名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>附加请求头</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>CA bundle path</source>
        <translation>CA 证书包路径</translation>
    </message>
    <message>
        <source>Choose a CA bundle file</source>
        <translation>选择 CA 证书包文件</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>名称(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>基础 URL(&amp;B)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Default mo&amp;del:</source>
        <translation>默认模型(&amp;D)：</translation>
    </message>
    <message>
        <source>Extra &amp;headers:</source>
        <translation>附加请求头(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;CA bundle:</source>
        <translation>CA 证书包(&amp;C)：</translation>
    </message>
    <message>
        <source>Keys are stored in the system keyring (%1), never in files.</source>
        <translation>密钥保存在系统密钥环（%1）中，绝不写入文件。</translation>
    </message>
    <message>
        <source>No secure keyring is available, so API keys are kept in memory for this session only. You will need to enter them again next time.</source>
        <translation>没有可用的安全密钥环，因此 API 密钥仅在本次会话中保存在内存里。下次启动时需要重新输入。</translation>
    </message>
    <message>
        <source>Choose a CA bundle</source>
        <translation>选择 CA 证书包</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>One model a line: name | sees images (yes/no) | context length in tokens. Used where the server does not say.</source>
        <translation>每行一个模型：名称 | 能否识别图片（yes/no）| 上下文长度（token）。仅在服务器未说明时使用。</translation>
    </message>
    <message>
        <source>Model capabilities</source>
        <translation>模型能力</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>The base URL of &quot;%1&quot; must start with http:// or https://.</source>
        <translation>“%1”的基础 URL 必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>Server used for new chats</source>
        <translation>新对话使用的服务器</translation>
    </message>
    <message>
        <source>Server profiles</source>
        <translation>服务器配置</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a server profile</source>
        <translation>添加服务器配置</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected server profile</source>
        <translation>移除所选服务器配置</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Test the connection to this server</source>
        <translation>测试与此服务器的连接</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Use for &amp;new chats:</source>
        <translation>新对话使用(&amp;N)：</translation>
    </message>
    <message>
        <source>Blank profile</source>
        <translation>空白配置</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>新服务器</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Connected — the server lists no models.</source>
        <translation>已连接——服务器未列出任何模型。</translation>
    </message>
    <message numerus="yes">
        <source>Connected — %n model(s): %1</source>
        <translation>
            <numerusform>已连接——%n 个模型：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PromptsPage</name>
    <message>
        <source>e.g. You are a concise, friendly assistant.</source>
        <translation>例如：你是一个简洁、友好的助手。</translation>
    </message>
    <message>
        <source>Add preset</source>
        <translation>添加预设</translation>
    </message>
    <message>
        <source>Remove preset</source>
        <translation>移除预设</translation>
    </message>
    <message>
        <source>Default system prompt</source>
        <translation>默认系统提示词</translation>
    </message>
    <message>
        <source>Prompt presets</source>
        <translation>提示词预设</translation>
    </message>
    <message>
        <source>Add a prompt preset</source>
        <translation>添加提示词预设</translation>
    </message>
    <message>
        <source>Remove the selected prompt preset</source>
        <translation>移除所选提示词预设</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>预设名称</translation>
    </message>
    <message>
        <source>Preset text</source>
        <translation>预设内容</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>内容(&amp;X)：</translation>
    </message>
    <message>
        <source>Default &amp;system prompt for new chats:</source>
        <translation>新对话的默认系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>Prompt presets:</source>
        <translation>提示词预设：</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>新预设</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>设置分区</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Settings error</source>
        <translation>设置错误</translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation>保存并关闭</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>关闭且不保存</translation>
    </message>
    <message>
        <source>Used by new chats; each chat can change its own.</source>
        <translation>用于新对话；每个对话都可以单独修改。</translation>
    </message>
    <message>
        <source>Set by the environment for this run: %1</source>
        <translation>本次运行由环境变量设置：%1</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>无法保存设置：%1</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Import and export</source>
        <translation>导入和导出</translation>
    </message>
    <message>
        <source>Import conversations…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <source>Export all conversations (JSON)…</source>
        <translation>导出全部对话（JSON）…</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Deleted chats stay here until you empty the Trash.</source>
        <translation>删除的对话会保留在这里，直到你清空回收站。</translation>
    </message>
    <message>
        <source>The Trash is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <source>Delete forever</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Search conversations (%1)</source>
        <translation>搜索对话（%1）</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Show Trash</source>
        <translation>显示回收站</translation>
    </message>
    <message>
        <source>Empty Trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>Back to chats</source>
        <translation>返回对话列表</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Move to folder…</source>
        <translation>移动到文件夹…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move to folder</source>
        <translation>移动到文件夹</translation>
    </message>
    <message>
        <source>Folder name (empty for none):</source>
        <translation>文件夹名称（留空表示不放入文件夹）：</translation>
    </message>
    <message>
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>December</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>{month} {year}</source>
        <translation>{year}年{month}</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Custom server</source>
        <translation>自定义服务器</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Welcome to Afarensis Chat</source>
        <translation>欢迎使用 Afarensis Chat</translation>
    </message>
    <message>
        <source>Choose your server and paste your API key to start. The key is kept in your system keyring, never in a file. Local servers (Ollama, LM Studio) need no key.</source>
        <translation>选择服务器并粘贴 API 密钥即可开始。密钥保存在系统密钥环中，绝不写入文件。本地服务器（Ollama、LM Studio）无需密钥。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴你的 API 密钥</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始聊天</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong.</source>
        <translation>出了点问题。</translation>
    </message>
    <message>
        <source>The server rejected the API key (401). Check the key in Settings, or paste a new one.</source>
        <translation>服务器拒绝了此 API 密钥（401）。请在设置中检查密钥，或粘贴一个新的密钥。</translation>
    </message>
    <message>
        <source>This API key is not allowed to use this model or endpoint (403). Check the key&apos;s permissions or pick another model.</source>
        <translation>此 API 密钥无权使用该模型或接口（403）。请检查密钥权限，或选择其他模型。</translation>
    </message>
    <message>
        <source>The server does not know this model or address (404). Choose another model, or check the base URL in Settings.</source>
        <translation>服务器不认识此模型或地址（404）。请选择其他模型，或在设置中检查基础 URL。</translation>
    </message>
    <message>
        <source>The server refused the request (400).</source>
        <translation>服务器拒绝了请求（400）。</translation>
    </message>
    <message>
        <source>This conversation is too long for the model&apos;s context window. Start a new chat, shorten your message, or pick a model with a larger context.</source>
        <translation>此对话超出了模型的上下文长度。请开始新对话、缩短消息，或选择上下文更大的模型。</translation>
    </message>
    <message>
        <source>Your account has run out of credit or quota. Check your plan and billing with the provider; retrying will not help until then.</source>
        <translation>您的账户额度或配额已用完。请向服务商检查套餐和账单；在此之前重试不会有帮助。</translation>
    </message>
    <message>
        <source>The server had an internal problem. Try again in a moment.</source>
        <translation>服务器内部出错。请稍后重试。</translation>
    </message>
    <message>
        <source>Could not reach the server. Check your internet connection and the base URL, then retry.</source>
        <translation>无法连接服务器。请检查网络连接和基础 URL，然后重试。</translation>
    </message>
    <message>
        <source>The server took too long to answer. Retry, or raise the timeout in Settings.</source>
        <translation>服务器响应超时。请重试，或在设置中调高超时时间。</translation>
    </message>
    <message>
        <source>Connection lost — the reply is partial. Retry to ask again.</source>
        <translation>连接中断——回复不完整。点击重试再问一次。</translation>
    </message>
    <message>
        <source>The server sent a reply this app could not understand. Check that the base URL points to an OpenAI-compatible API.</source>
        <translation>服务器返回了无法识别的回复。请确认基础 URL 指向兼容 OpenAI 的 API。</translation>
    </message>
    <message>
        <source>The server sent far more data than any reply needs, so the app stopped reading it. Check that the base URL points to an OpenAI-compatible API.</source>
        <translation>服务器发送的数据远超任何回复所需，应用已停止读取。请确认基础 URL 指向兼容 OpenAI 的 API。</translation>
    </message>
    <message>
        <source>Afarensis Chat is not set up yet: add a server and API key in Settings.</source>
        <translation>Afarensis Chat 尚未设置：请在设置中添加服务器和 API 密钥。</translation>
    </message>
    <message>
        <source>Your history could not be saved.</source>
        <translation>无法保存您的历史记录。</translation>
    </message>
    <message>
        <source>Your history could not be saved: the disk is full or the folder is read-only. Free some space; nothing is lost, and the app will save again when it can.</source>
        <translation>无法保存历史记录：磁盘已满或文件夹只读。请释放一些空间；内容不会丢失，应用会在可以时再次保存。</translation>
    </message>
    <message>
        <source>Your history was written by a newer version of Afarensis Chat. Update the app to open it; the file has not been changed.</source>
        <translation>您的历史记录由更新版本的 Afarensis Chat 写入。请更新应用后再打开；文件未被改动。</translation>
    </message>
    <message>
        <source>No secure keyring is available, so your API key is kept in memory for this session only. You will need to enter it again next time.</source>
        <translation>没有可用的安全密钥环，因此 API 密钥仅在本次会话中保存在内存里。下次需要重新输入。</translation>
    </message>
    <message>
        <source>This model does not accept images. Remove the images from your message, or choose a model that can see (a vision model).</source>
        <translation>此模型不接受图片。请从消息中移除图片，或选择能识别图片的模型（视觉模型）。</translation>
    </message>
    <message>
        <source>The system keyring refused access (it may be locked, or the request was denied), so your API key is kept in memory for this session only.</source>
        <translation>系统密钥环拒绝了访问（可能已锁定，或请求被拒绝），因此 API 密钥仅在本次会话中保存在内存里。</translation>
    </message>
    <message>
        <source>The only keyring on this system stores passwords unencrypted on disk, so it is not used: your API key is kept in memory for this session only. Install a desktop keyring (GNOME Keyring, KWallet) to keep it safely.</source>
        <translation>本系统唯一的密钥环会把密码以明文存储在磁盘上，因此不会使用它：API 密钥仅在本次会话中保存在内存里。请安装桌面密钥环（GNOME Keyring、KWallet）以安全保存密钥。</translation>
    </message>
    <message>
        <source>Saving resumed: everything is in your history now.</source>
        <translation>已恢复保存：所有内容都已存入历史记录。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; was not started.</source>
        <translation>工具服务器“%1”未启动。</translation>
    </message>
    <message>
        <source>The tool servers offer %1 tools; only the first %2 are offered to the model (%3 left out).</source>
        <translation>工具服务器共提供 %1 个工具；只有前 %2 个提供给模型（省略了 %3 个）。</translation>
    </message>
    <message>
        <source>Stopped after %1 rounds of tool calls (the limit is in Settings → Tools).</source>
        <translation>已在 %1 轮工具调用后停止（上限可在“设置 → 工具”中修改）。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; did not list its tools.</source>
        <translation>工具服务器“%1”没有列出它的工具。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; did not get ready within %2 s.</source>
        <translation>工具服务器“%1”在 %2 秒内未就绪。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; could not start: the command &quot;%2&quot; was not found. Install it, or give its full path in Settings → Tools.</source>
        <translation>工具服务器“%1”无法启动：找不到命令“%2”。请安装它，或在“设置 → 工具”中填写它的完整路径。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; could not start: &quot;%2&quot; is not allowed to run (check that it is executable).</source>
        <translation>工具服务器“%1”无法启动：“%2”不允许运行（请检查它是否可执行）。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; was stopped.</source>
        <translation>工具服务器“%1”已停止。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; (%2) stopped before it was ready: %3. Its messages are in the log.</source>
        <translation>工具服务器“%1”（%2）在就绪前停止了：%3。它的消息已写入日志。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; has not been allowed to start.</source>
        <translation>工具服务器“%1”尚未获准启动。</translation>
    </message>
    <message>
        <source>The tool &quot;%1&quot; of &quot;%2&quot; gave no answer within %3 s; it was stopped.</source>
        <translation>“%2”的工具“%1”在 %3 秒内没有回应，已被停止。</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; stopped while running &quot;%2&quot; (it may have crashed; its messages are in the log).</source>
        <translation>工具服务器“%1”在运行“%2”时停止了（可能已崩溃；它的消息已写入日志）。</translation>
    </message>
    <message>
        <source>The tool &quot;%1&quot; of &quot;%2&quot; failed: %3</source>
        <translation>“%2”的工具“%1”失败：%3</translation>
    </message>
    <message>
        <source>The tool server &quot;%1&quot; was removed.</source>
        <translation>工具服务器“%1”已被移除。</translation>
    </message>
    <message>
        <source>Error: the arguments were not valid JSON (%1 at position %2). Call the tool again with a JSON object.</source>
        <translation>错误：参数不是有效的 JSON（%1，位置 %2）。请用一个 JSON 对象再次调用该工具。</translation>
    </message>
</context>
<context>
    <name>MessageFooter</name>
    <message>
        <source>… and %1 more calls.</source>
        <translation>……以及另外 %1 个调用。</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>%1 → %2 tokens</source>
        <translation>%1 → %2 个 token</translation>
    </message>
    <message>
        <source>Connection lost — partial reply.</source>
        <translation>连接中断——回复不完整。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Raise the limit</source>
        <translation>提高上限</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The model asked to call a function:</source>
        <translation>模型请求调用函数：</translation>
    </message>
    <message>
        <source>The provider's content filter withheld part of this reply.</source>
        <translation>服务商的内容过滤器拦截了部分回复。</translation>
    </message>
    <message>
        <source>The reply failed.</source>
        <translation>回复失败。</translation>
    </message>
    <message>
        <source>The reply was cut off at the max-tokens limit.</source>
        <translation>回复在达到最大 token 数时被截断。</translation>
    </message>
    <message>
        <source>first token %1 s</source>
        <translation>首个 token %1 秒</translation>
    </message>
</context>
<context>
    <name>TransferActions</name>
    <message>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Conversations (*.json)</source>
        <translation>对话（*.json）</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>导出全部对话</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON（*.json）</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Could not import %1: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <source>Imported %1 conversation(s); %2 were already here.</source>
        <translation>已导入 %1 个对话；%2 个已存在。</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Could not write the file: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Exported %1 conversation(s) to %2</source>
        <translation>已导出 %1 个对话到 %2</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thought</source>
        <translation>已思考</translation>
    </message>
    <message>
        <source>Thought for %1 s</source>
        <translation>已思考 %1 秒</translation>
    </message>
    <message>
        <source>Thought for %1 min</source>
        <translation>已思考 %1 分钟</translation>
    </message>
    <message>
        <source>Hide the thinking</source>
        <translation>收起思考过程</translation>
    </message>
    <message>
        <source>Show the thinking</source>
        <translation>展开思考过程</translation>
    </message>
    <message>
        <source>Thinking… %1 s</source>
        <translation>思考中… %1 秒</translation>
    </message>
</context>
<context>
    <name>MessageFooter</name>
    <message>
        <source>The max-tokens limit ran out while the model was still thinking.</source>
        <translation>模型仍在思考时已用完最大 token 数。</translation>
    </message>
    <message>
        <source>Raise the limit and retry</source>
        <translation>提高上限并重试</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>Keep a reply&apos;s thinking open</source>
        <translation>回复的思考过程保持展开</translation>
    </message>
    <message>
        <source>Search the thinking too</source>
        <translation>搜索时也查找思考过程</translation>
    </message>
    <message>
        <source>Collapsible section</source>
        <translation>可折叠区块</translation>
    </message>
    <message>
        <source>Quoted block</source>
        <translation>引用块</translation>
    </message>
    <message>
        <source>Thinking shown open</source>
        <translation>思考过程展开显示</translation>
    </message>
    <message>
        <source>Search includes thinking</source>
        <translation>搜索包含思考过程</translation>
    </message>
    <message>
        <source>Thinking in Markdown exports</source>
        <translation>Markdown 导出中的思考过程</translation>
    </message>
    <message>
        <source>Thinking:</source>
        <translation>思考过程：</translation>
    </message>
    <message>
        <source>Thinking in &amp;Markdown:</source>
        <translation>Markdown 中的思考过程(&amp;M)：</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Max tokens is now %1 for this chat.</source>
        <translation>此对话的最大 token 数现为 %1。</translation>
    </message>
</context>
<context>
    <name>ParamsEditor</name>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>推理强度(&amp;R)：</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>How hard a thinking model thinks; Default sends nothing.</source>
        <translation>思考模型的思考力度；“默认”不发送此项。</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove attachment</source>
        <translation>移除附件</translation>
    </message>
    <message>
        <source>~{} tokens</source>
        <translation>约 {} 个 token</translation>
    </message>
    <message>
        <source>cut to {}</source>
        <translation>已截断为 {}</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Open image {}</source>
        <translation>打开图片 {}</translation>
    </message>
</context>
<context>
    <name>AttachmentsPresenter</name>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Images, text, code and PDF (*)</source>
        <translation>图片、文本、代码和 PDF (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>“{}” was cut to its first {} of {}: the rest will not be sent.</source>
        <translation>“{}”已截断为前 {}（共 {}）：其余部分不会发送。</translation>
    </message>
    <message>
        <source>This chat with its attachments is about {} tokens, more than the {} tokens “{}” can read: the model may not see all of it.</source>
        <translation>此对话连同附件约 {} 个 token，超过了上限 {} 个 token（“{}”）：模型可能看不到全部内容。</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>This image is no longer stored.</source>
        <translation>此图片已不再保存。</translation>
    </message>
</context>
<context>
    <name>VisionQuestion</name>
    <message>
        <source>This model cannot see images</source>
        <translation>此模型无法识别图片</translation>
    </message>
    <message>
        <source>“{}” does not accept images, so it would not see the ones attached.</source>
        <translation>“{}”不接受图片，因此看不到所附的图片。</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Remove images and send</source>
        <translation>移除图片并发送</translation>
    </message>
    <message>
        <source>Choose another model</source>
        <translation>选择其他模型</translation>
    </message>
</context>
<context>
    <name>AttachmentSettings</name>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Longest side of an attached image</source>
        <translation>附加图片的最长边</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message>
        <source>Largest text sent from one file</source>
        <translation>单个文件发送的最大文本量</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Recent turns whose images are sent again</source>
        <translation>再次发送图片的最近轮数</translation>
    </message>
    <message>
        <source>Images up to:</source>
        <translation>图片最大：</translation>
    </message>
    <message>
        <source>Text of a file up to:</source>
        <translation>文件文本最多：</translation>
    </message>
    <message>
        <source>Resend images of the last turns:</source>
        <translation>重新发送最近几轮的图片：</translation>
    </message>
</context>
<context>
    <name>ToolApprovalCard</name>
    <message>
        <source>Run the tool “%1” from “%2”?</source>
        <translation>运行“%2”中的工具“%1”？</translation>
    </message>
    <message>
        <source>Arguments (you can edit them before running):</source>
        <translation>参数（运行前可以修改）：</translation>
    </message>
    <message>
        <source>Tool arguments</source>
        <translation>工具参数</translation>
    </message>
    <message>
        <source>Run once</source>
        <translation>运行一次</translation>
    </message>
    <message>
        <source>Always allow in this chat</source>
        <translation>在此对话中始终允许</translation>
    </message>
    <message>
        <source>Always allow everywhere</source>
        <translation>在所有对话中始终允许</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Tool approval: %1 from %2</source>
        <translation>工具审批：%2 中的 %1</translation>
    </message>
</context>
<context>
    <name>ToolConsent</name>
    <message>
        <source>Start a tool server?</source>
        <translation>启动工具服务器？</translation>
    </message>
    <message>
        <source>Connect to the tool server “%1” at:</source>
        <translation>连接到工具服务器“%1”，地址：</translation>
    </message>
    <message>
        <source>Start the tool server “%1”? It runs this command:</source>
        <translation>启动工具服务器“%1”？它将运行以下命令：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Environment variables and headers it gets: %1</source>
        <translation>它获得的环境变量和请求头：%1</translation>
    </message>
    <message>
        <source>Only allow programs you trust: it runs with your permissions.</source>
        <translation>只允许你信任的程序：它以你的权限运行。</translation>
    </message>
    <message>
        <source>&amp;Start it</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Don't start</source>
        <translation>不启动</translation>
    </message>
</context>
<context>
    <name>ToolCards</name>
    <message>
        <source>tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Tool “%1” from “%2” failed</source>
        <translation>“%2”中的工具“%1”失败</translation>
    </message>
    <message>
        <source>Tool “%1” from “%2”</source>
        <translation>“%2”中的工具“%1”</translation>
    </message>
    <message>
        <source>Show or hide the tool result</source>
        <translation>显示或隐藏工具结果</translation>
    </message>
    <message>
        <source>Arguments: %1</source>
        <translation>参数：%1</translation>
    </message>
    <message>
        <source>The result was too long: only its start is shown and sent.</source>
        <translation>结果太长：只显示并发送了开头部分。</translation>
    </message>
    <message>
        <source>Hide result</source>
        <translation>隐藏结果</translation>
    </message>
    <message>
        <source>Show result</source>
        <translation>显示结果</translation>
    </message>
    <message>
        <source>[image missing]</source>
        <translation>[图片缺失]</translation>
    </message>
    <message>
        <source>Image returned by the tool</source>
        <translation>工具返回的图片</translation>
    </message>
</context>
<context>
    <name>ToolsPage</name>
    <message>
        <source>%1 kept in the keyring; type new values to replace them.</source>
        <translation>%1 保存在钥匙串中；输入新值即可替换。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Always allowed (a changed tool asks again):</source>
        <translation>始终允许（工具变更后会再次询问）：</translation>
    </message>
    <message>
        <source>Always-allowed tools</source>
        <translation>始终允许的工具</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Import mcpServers JSON…</source>
        <translation>导入 mcpServers JSON…</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>导入工具服务器</translation>
    </message>
    <message>
        <source>Imported %1 server(s): %2. Each asks before its first start.</source>
        <translation>已导入 %1 个服务器：%2。每个服务器首次启动前都会询问。</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON（*.json）</translation>
    </message>
    <message>
        <source>NAME=value, one a line (values are kept in the keyring)</source>
        <translation>名称=值，每行一个（值保存在钥匙串中）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Name: value, one a line (kept in the keyring)</source>
        <translation>名称: 值，每行一个（保存在钥匙串中）</translation>
    </message>
    <message>
        <source>On in every chat</source>
        <translation>在所有对话中启用</translation>
    </message>
    <message>
        <source>Or URL (Streamable HTTP)</source>
        <translation>或 URL（Streamable HTTP）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Tool server</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <source>Tool servers</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <source>Tool servers (MCP) let the model use your files, notes or other programs. A server starts only after you allow its exact command, and every call asks you first unless you always allow that tool.</source>
        <translation>工具服务器（MCP）让模型使用你的文件、笔记或其他程序。服务器只有在你允许其确切命令后才会启动，每次调用都会先询问你，除非你始终允许该工具。</translation>
    </message>
    <message>
        <source>everywhere</source>
        <translation>所有对话</translation>
    </message>
    <message>
        <source>in one chat</source>
        <translation>一个对话</translation>
    </message>
    <message>
        <source>“%1” from “%2”, %3</source>
        <translation>“%2”中的“%1”，%3</translation>
    </message>
</context>
<context>
    <name>UnsavedDialogs</name>
    <message>
        <source>%1 change(s) to your history could not be saved: the disk is full or the folder is read-only. Free some space and try again, or save a complete copy of your history somewhere else.</source>
        <translation>有 %1 项历史记录更改未能保存：磁盘已满或文件夹为只读。请释放一些空间后重试，或将完整的历史记录副本保存到其他位置。</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Save a Copy…</source>
        <translation>保存副本…</translation>
    </message>
    <message>
        <source>Quit Without Saving</source>
        <translation>不保存并退出</translation>
    </message>
    <message>
        <source>Save a copy of your history</source>
        <translation>保存历史记录副本</translation>
    </message>
    <message>
        <source>History files (*.sqlite3)</source>
        <translation>历史记录文件 (*.sqlite3)</translation>
    </message>
    <message>
        <source>%1 key(s) you entered are not in the system keyring yet: it may be locked or waiting for you to allow access. Unlock it and wait, or quit without saving them (you will have to enter them again next time).</source>
        <translation>你输入的 %1 个密钥尚未存入系统密钥环：它可能已锁定，或正在等待你允许访问。请解锁后等待，或不保存并退出（下次需要重新输入）。</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
</context>
<context>
    <name>ToolsSwitch</name>
    <message>
        <source>Tool servers for this chat</source>
        <translation>此对话的工具服务器</translation>
    </message>
    <message>
        <source>Choose which tool servers this chat may use</source>
        <translation>选择此对话可以使用的工具服务器</translation>
    </message>
    <message>
        <source>Tools (%1)</source>
        <translation>工具 (%1)</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>In this chat</source>
        <translation>在此对话中</translation>
    </message>
    <message>
        <source>In every chat</source>
        <translation>在所有对话中</translation>
    </message>
    <message>
        <source>Tool servers…</source>
        <translation>工具服务器…</translation>
    </message>
    <message>
        <source>%1 (on in every chat)</source>
        <translation>%1（已在所有对话中开启）</translation>
    </message>
    <message>
        <source>%1 (after the first message)</source>
        <translation>%1（发送第一条消息后可用）</translation>
    </message>
</context>
<context>
    <name>ToolLimits</name>
    <message>
        <source>Rounds of tool calls in one reply</source>
        <translation>一次回复中工具调用的轮数</translation>
    </message>
    <message>
        <source>After this many rounds the model is stopped and a notice says so.</source>
        <translation>达到此轮数后模型将被停止，并显示提示。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Time limit of one tool call</source>
        <translation>单次工具调用的时间上限</translation>
    </message>
    <message>
        <source>Rounds of tool calls, at most:</source>
        <translation>工具调用轮数上限：</translation>
    </message>
    <message>
        <source>A tool call may take up to:</source>
        <translation>单次工具调用最长可用：</translation>
    </message>
</context>
</TS>
