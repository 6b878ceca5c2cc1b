<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>AdminPage</name>
    <message>
      <source>Administrator account</source>
      <translation>管理员账号</translation>
    </message>
    <message>
      <source>The administrator manages accounts and settings. Keep the password safe.</source>
      <translation>管理员负责管理账号和系统设置，请妥善保管密码。</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>您的姓名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>The passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>ChangePasswordDialog</name>
    <message>
      <source>Change my password</source>
      <translation>修改我的密码</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>New password again</source>
      <translation>再次输入新密码</translation>
    </message>
  </context>
  <context>
    <name>Crash</name>
    <message>
      <source>Something went wrong inside Yishi. Your data is safe: every finished action was saved. Details were written to the log file:
%1</source>
      <translation>议事通内部出现错误。您的数据是安全的：每一项已完成的操作都已保存。详细信息已写入日志文件：
%1</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>错误</translation>
    </message>
  </context>
  <context>
    <name>EnrolDialog</name>
    <message>
      <source>Enrol with the city server</source>
      <translation>向市/区服务器注册本机</translation>
    </message>
    <message>
      <source>Ask the district for a one-time enrolment code for this street.</source>
      <translation>请向区里索取本街道的一次性注册码。</translation>
    </message>
    <message>
      <source>Server address</source>
      <translation>服务器地址</translation>
    </message>
    <message>
      <source>One-time code</source>
      <translation>一次性注册码</translation>
    </message>
    <message>
      <source>Enrol</source>
      <translation>注册</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Contacting the server…</source>
      <translation>正在连接服务器…</translation>
    </message>
  </context>
  <context>
    <name>FirstRunWizard</name>
    <message>
      <source>Set up Yishi</source>
      <translation>议事通初始设置</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cannot finish set-up</source>
      <translation>无法完成设置</translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message>
      <source>Division code</source>
      <translation>行政区划代码</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Opening…</source>
      <extracomment>The navigation, in DESIGN.md §8 order. Only pages that work are listed; an area adds its line here when its page lands.</extracomment>
      <translation>正在打开…</translation>
    </message>
    <message>
      <source>User: %1 (%2)</source>
      <translation>用户：%1（%2）</translation>
    </message>
    <message>
      <source>No street set up</source>
      <translation>尚未设置街道</translation>
    </message>
    <message>
      <source>Database file</source>
      <translation>数据库文件</translation>
    </message>
    <message>
      <source>Yishi — people's congress committee workbench</source>
      <translation>议事通 — 人大街道工委工作平台</translation>
    </message>
  </context>
  <context>
    <name>Page</name>
    <message>
      <source>Unexpected error: %1</source>
      <translation>意外错误：%1</translation>
    </message>
    <message>
      <source>Cannot do this</source>
      <translation>无法执行此操作</translation>
    </message>
  </context>
  <context>
    <name>ResetPasswordDialog</name>
    <message>
      <source>Reset password of %1</source>
      <translation>重置 %1 的密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>My account</source>
      <translation>我的账号</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>街道</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Accounts</source>
      <translation>账号管理</translation>
    </message>
    <message>
      <source>Data and audit</source>
      <translation>数据与审计</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Change my password…</source>
      <translation>修改我的密码…</translation>
    </message>
    <message>
      <source>The division code cannot change: it scopes every synced record.</source>
      <translation>行政区划代码设定后不可更改：所有同步记录都以它区分归属。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Division code</source>
      <translation>行政区划代码</translation>
    </message>
    <message>
      <source>District / county</source>
      <translation>区（县）</translation>
    </message>
    <message>
      <source>City</source>
      <translation>市</translation>
    </message>
    <message>
      <source>Street details saved.</source>
      <translation>街道信息已保存。</translation>
    </message>
    <message>
      <source>More than half of all members</source>
      <translation>全体组成人员过半数</translation>
    </message>
    <message>
      <source>At least two thirds of all members</source>
      <translation>全体组成人员三分之二以上</translation>
    </message>
    <message>
      <source>Calendar days</source>
      <translation>自然日</translation>
    </message>
    <message>
      <source>Working days (holiday calendar)</source>
      <translation>工作日（按节假日日历）</translation>
    </message>
    <message>
      <source>Automatic (SimSun / WenQuanYi …)</source>
      <translation>自动（宋体 / 文泉驿 …）</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Meeting quorum</source>
      <translation>会议法定人数</translation>
    </message>
    <message>
      <source>Answer deadline (days)</source>
      <translation>答复期限（天）</translation>
    </message>
    <message>
      <source>Deadline counted in</source>
      <translation>期限计算方式</translation>
    </message>
    <message>
      <source>PDF font file</source>
      <translation>PDF 字体文件</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>保留备份份数</translation>
    </message>
    <message>
      <source>Choose a TrueType font</source>
      <translation>选择 TrueType 字体</translation>
    </message>
    <message>
      <source>Fonts (*.ttf *.ttc)</source>
      <translation>字体文件 (*.ttf *.ttc)</translation>
    </message>
    <message>
      <source>Settings saved.</source>
      <translation>设置已保存。</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Last sign-in</source>
      <translation>最近登录</translation>
    </message>
    <message>
      <source>New account…</source>
      <translation>新建账号…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Reset password…</source>
      <translation>重置密码…</translation>
    </message>
    <message>
      <source>Enabled</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Disabled</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>已锁定</translation>
    </message>
    <message>
      <source>Password reset.</source>
      <translation>密码已重置。</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>Verify audit trail</source>
      <translation>校验审计日志</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Database file</source>
      <translation>数据库文件</translation>
    </message>
    <message>
      <source>Backups folder</source>
      <translation>备份文件夹</translation>
    </message>
    <message>
      <source>Latest audit entries</source>
      <translation>最近的审计记录</translation>
    </message>
    <message>
      <source>Backup failed</source>
      <translation>备份失败</translation>
    </message>
    <message>
      <source>Backup written: %1</source>
      <translation>已备份到：%1</translation>
    </message>
    <message>
      <source>Audit trail</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>The audit trail is intact (%1 entries).</source>
      <translation>审计日志完整（共 %1 条）。</translation>
    </message>
    <message>
      <source>The audit trail is broken at entry %1: it was changed outside Yishi.</source>
      <translation>审计日志在第 %1 条处断裂：该记录曾在议事通之外被改动。</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <source>Sign in to Yishi</source>
      <translation>登录议事通</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
  </context>
  <context>
    <name>StreetPage</name>
    <message>
      <source>Your street</source>
      <translation>所属街道</translation>
    </message>
    <message>
      <source>Which street or township does this computer's committee serve?</source>
      <translation>本机所属的人大街道工委（乡镇人大）服务哪个街道或乡镇？</translation>
    </message>
    <message>
      <source>e.g. 解放碑街道</source>
      <translation>例如：解放碑街道</translation>
    </message>
    <message>
      <source>Street (街道)</source>
      <translation>街道</translation>
    </message>
    <message>
      <source>Township (乡镇)</source>
      <translation>乡镇</translation>
    </message>
    <message>
      <source>12-digit division code, e.g. 500103001000</source>
      <translation>12 位行政区划代码，例如 500103001000</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Division code</source>
      <translation>行政区划代码</translation>
    </message>
    <message>
      <source>District / county</source>
      <translation>区（县）</translation>
    </message>
    <message>
      <source>City</source>
      <translation>市</translation>
    </message>
  </context>
  <context>
    <name>SyncIndicator</name>
    <message>
      <source>Sync: sending…</source>
      <translation>同步：正在发送…</translation>
    </message>
    <message>
      <source>Sync: sending %1/%2</source>
      <translation>同步：正在发送 %1/%2</translation>
    </message>
    <message>
      <source>Sync: not enrolled</source>
      <translation>同步：未注册</translation>
    </message>
    <message>
      <source>Sync: enrol again</source>
      <translation>同步：需重新注册</translation>
    </message>
    <message>
      <source>Sync: offline, %1 waiting</source>
      <translation>同步：网络不通，%1 条待发</translation>
    </message>
    <message>
      <source>Sync: %1 waiting</source>
      <translation>同步：%1 条待发</translation>
    </message>
    <message>
      <source>Sync: up to date</source>
      <translation>同步：已是最新</translation>
    </message>
    <message>
      <source> · %1 to review</source>
      <translation> · %1 条待处理</translation>
    </message>
    <message>
      <source>Last success: %1</source>
      <translation>上次成功：%1</translation>
    </message>
    <message>
      <source>Last error: %1</source>
      <translation>上次错误：%1</translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message>
      <source>Server</source>
      <translation>服务器</translation>
    </message>
    <message>
      <source>Waiting to send</source>
      <translation>待发送</translation>
    </message>
    <message>
      <source>Last success</source>
      <translation>上次成功</translation>
    </message>
    <message>
      <source>Last error</source>
      <translation>上次错误</translation>
    </message>
    <message>
      <source>Next attempt</source>
      <translation>下次尝试</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>立即同步</translation>
    </message>
    <message>
      <source>Enrol…</source>
      <translation>注册本机…</translation>
    </message>
    <message>
      <source>Export to USB…</source>
      <translation>导出到U盘…</translation>
    </message>
    <message>
      <source>Import acknowledgement…</source>
      <translation>导入确认文件…</translation>
    </message>
    <message>
      <source>Connection settings…</source>
      <translation>连接设置…</translation>
    </message>
    <message>
      <source>Seq</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Changes</source>
      <translation>更改数</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Sealed</source>
      <translation>封包时间</translation>
    </message>
    <message>
      <source>Acknowledged</source>
      <translation>已确认</translation>
    </message>
    <message>
      <source>Via</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Applied</source>
      <translation>已入库</translation>
    </message>
    <message>
      <source>Conflicts / rejected</source>
      <translation>冲突 / 拒收</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Versions (mine / server)</source>
      <translation>版本（本机 / 服务器）</translation>
    </message>
    <message>
      <source>Mine</source>
      <translation>本机内容</translation>
    </message>
    <message>
      <source>Server's</source>
      <translation>服务器内容</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Keep mine</source>
      <translation>保留本机的</translation>
    </message>
    <message>
      <source>Send my version again, on top of the server's</source>
      <translation>在服务器版本之上重新发送本机的版本</translation>
    </message>
    <message>
      <source>Take the server's</source>
      <translation>采用服务器的</translation>
    </message>
    <message>
      <source>Replace my record by the server's version</source>
      <translation>用服务器的版本替换本机记录</translation>
    </message>
    <message>
      <source>To review</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>Batch history</source>
      <translation>批次记录</translation>
    </message>
    <message>
      <source>Sync with the city server</source>
      <translation>与市/区服务器同步</translation>
    </message>
    <message>
      <source>Not enrolled</source>
      <translation>未注册</translation>
    </message>
    <message>
      <source>%1 changes (%2 sealed batches)</source>
      <translation>%1 条更改（已封包 %2 批）</translation>
    </message>
    <message>
      <source>The server no longer accepts this installation (its key was revoked). Changes are kept here. Enrol again with a new code from the district.</source>
      <translation>服务器已不再接受本机（注册已被吊销）。更改都保存在本机，请向区里索取新的注册码重新注册。</translation>
    </message>
    <message>
      <source>Not enrolled yet: changes are kept here until you enrol with the server.</source>
      <translation>尚未注册：更改保存在本机，注册后即可发送。</translation>
    </message>
    <message>
      <source>Sync finished: %1 changes acknowledged.</source>
      <translation>同步完成：服务器已确认 %1 条更改。</translation>
    </message>
    <message>
      <source>Enrolled with the server.</source>
      <translation>已向服务器注册。</translation>
    </message>
    <message>
      <source>Sync settings saved.</source>
      <translation>同步设置已保存。</translation>
    </message>
    <message>
      <source>Export batch files to</source>
      <translation>批次文件导出到</translation>
    </message>
    <message>
      <source>%1 batch files written to %2.</source>
      <translation>已把 %1 个批次文件写入 %2。</translation>
    </message>
    <message>
      <source>Import acknowledgement files</source>
      <translation>导入确认文件</translation>
    </message>
    <message>
      <source>Acknowledgements (*.yishiack)</source>
      <translation>确认文件 (*.yishiack)</translation>
    </message>
    <message>
      <source>%1 acknowledgement files imported.</source>
      <translation>已导入 %1 个确认文件。</translation>
    </message>
  </context>
  <context>
    <name>SyncSettingsDialog</name>
    <message>
      <source>Sync connection settings</source>
      <translation>同步连接设置</translation>
    </message>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>System proxy</source>
      <translation>使用系统代理</translation>
    </message>
    <message>
      <source>No proxy</source>
      <translation>不使用代理</translation>
    </message>
    <message>
      <source>Manual proxy</source>
      <translation>手动指定代理</translation>
    </message>
    <message>
      <source>(only the built-in certificate authorities)</source>
      <translation>（仅使用内置的证书颁发机构）</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Send every</source>
      <translation>发送间隔</translation>
    </message>
    <message>
      <source>Proxy</source>
      <translation>代理</translation>
    </message>
    <message>
      <source>Proxy address</source>
      <translation>代理地址</translation>
    </message>
    <message>
      <source>Extra CA certificate</source>
      <translation>附加 CA 证书</translation>
    </message>
    <message>
      <source>Certificates are always verified.</source>
      <translation>始终校验服务器证书。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>CA certificate</source>
      <translation>CA 证书</translation>
    </message>
    <message>
      <source>Certificates (*.pem *.crt *.cer)</source>
      <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
  </context>
  <context>
    <name>UserDialog</name>
    <message>
      <source>New account</source>
      <translation>新建账号</translation>
    </message>
    <message>
      <source>Edit account</source>
      <translation>编辑账号</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Account enabled</source>
      <translation>账号启用</translation>
    </message>
    <message>
      <source>Initial password</source>
      <translation>初始密码</translation>
    </message>
  </context>
  <context>
    <name>_FormDialog</name>
    <message>
      <source>OK</source>
      <translation>确定</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
</TS>