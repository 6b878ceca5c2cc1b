<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>ActivitiesPage</name>
    <message>
      <source>Ledger</source>
      <translation>台账</translation>
    </message>
    <message>
      <source>Alerts</source>
      <translation>分析预警</translation>
    </message>
  </context>
  <context>
    <name>ActivitiesTab</name>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Deputies taking part</source>
      <translation>参加代表</translation>
    </message>
    <message>
      <source>Residents</source>
      <translation>群众人数</translation>
    </message>
    <message>
      <source>Opinions</source>
      <translation>意见数</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>内容摘要</translation>
    </message>
    <message>
      <source>Search: summary, place, organiser</source>
      <translation>搜索：活动内容、地点、组织单位</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>This quarter</source>
      <translation>本季度</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>今年</translation>
    </message>
    <message>
      <source>Last year</source>
      <translation>去年</translation>
    </message>
    <message>
      <source>All dates</source>
      <translation>全部日期</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>统计期间</translation>
    </message>
    <message>
      <source>New activity…</source>
      <translation>新增活动…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Register opinion…</source>
      <translation>登记意见…</translation>
    </message>
    <message>
      <source>Remove…</source>
      <translation>删除…</translation>
    </message>
    <message>
      <source>Scan to attend</source>
      <translation>扫码签到</translation>
    </message>
    <message>
      <source>Month rota</source>
      <translation>接待日安排表</translation>
    </message>
    <message>
      <source>Rules…</source>
      <translation>规则…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Scan a deputy's card (or a station's 履职码) — it is recorded at once</source>
      <translation>扫描代表码（或家站点履职码），扫描即登记</translation>
    </message>
    <message>
      <source>Scan:</source>
      <translation>扫码：</translation>
    </message>
    <message>
      <source>Remove activity</source>
      <translation>删除活动</translation>
    </message>
    <message>
      <source>Remove the activity of %1 (%2)? Its attendance is removed with it.</source>
      <translation>删除 %1 的活动（%2）？其参加人员记录一并删除。</translation>
    </message>
    <message>
      <source>Select the activity in the list, then scan the cards.</source>
      <translation>请先在列表中选中活动，再扫描代表码。</translation>
    </message>
    <message>
      <source>Station %1: select today's activity, or create it, then scan cards.</source>
      <translation>家站点 %1：请选中今天的活动（或新增），再扫描代表码。</translation>
    </message>
    <message>
      <source>Select the activity first, then scan the cards.</source>
      <translation>请先选中活动，再扫描代表码。</translation>
    </message>
    <message>
      <source>%1 recorded at %2 %3</source>
      <translation>%1 已登记参加 %2 %3</translation>
    </message>
  </context>
  <context>
    <name>ActivityDialog</name>
    <message>
      <source>Edit activity</source>
      <translation>修改活动</translation>
    </message>
    <message>
      <source>New activity</source>
      <translation>新增活动</translation>
    </message>
    <message>
      <source>(another place)</source>
      <translation>（其他地点）</translation>
    </message>
    <message>
      <source>e.g. 周敏（主持）、王建华 lxy:接待</source>
      <translation>例如：周敏（主持）、王建华 lxy:接待（姓名或拼音首字母）</translation>
    </message>
    <message>
      <source>Choose files…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Organiser</source>
      <translation>组织单位</translation>
    </message>
    <message>
      <source>Residents</source>
      <translation>群众人数</translation>
    </message>
    <message>
      <source>Participants</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>内容摘要</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
  </context>
  <context>
    <name>ActivityOpinionDialog</name>
    <message>
      <source>Register an opinion raised at this activity</source>
      <translation>登记本次活动中收集的意见建议</translation>
    </message>
    <message>
      <source>Opinion</source>
      <translation>群众意见</translation>
    </message>
    <message>
      <source>Raised by</source>
      <translation>反映人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
  </context>
  <context>
    <name>ActivityRulesDialog</name>
    <message>
      <source>Activity rules</source>
      <translation>活动规则</translation>
    </message>
    <message>
      <source>Activity types (one a line)</source>
      <translation>活动类型（每行一个）</translation>
    </message>
    <message>
      <source>Monthly stations: at least, per month</source>
      <translation>按月考核的站点：每月至少</translation>
    </message>
    <message>
      <source>Quarterly stations: at least, per quarter</source>
      <translation>按季度考核的站点：每季度至少</translation>
    </message>
    <message>
      <source>Each deputy: at least, per year</source>
      <translation>每名代表：每年至少参加</translation>
    </message>
    <message>
      <source>Dates allowed ahead of today (days)</source>
      <translation>活动日期最多可晚于今天（天）</translation>
    </message>
  </context>
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
    <name>AgendaItemDialog</name>
    <message>
      <source>Agenda item</source>
      <translation>议程</translation>
    </message>
    <message>
      <source>What was said and decided under this item (for the minutes)</source>
      <translation>本项议程的发言和决定（写入会议记录）</translation>
    </message>
    <message>
      <source>Agenda kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>议程内容</translation>
    </message>
    <message>
      <source>Reporting department</source>
      <translation>报告单位</translation>
    </message>
    <message>
      <source>Reporting person</source>
      <translation>报告人</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>内容摘要</translation>
    </message>
    <message>
      <source>Minutes text</source>
      <translation>会议记录</translation>
    </message>
  </context>
  <context>
    <name>AlertsView</name>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>频次要求</translation>
    </message>
    <message>
      <source>monthly</source>
      <translation>每月</translation>
    </message>
    <message>
      <source>quarterly</source>
      <translation>每季度</translation>
    </message>
    <message>
      <source>Activities this year</source>
      <translation>本年活动次数</translation>
    </message>
    <message>
      <source>Behind by</source>
      <translation>欠缺次数</translation>
    </message>
    <message>
      <source>Periods without enough activities</source>
      <translation>未达标的期间</translation>
    </message>
    <message>
      <source>Last activity</source>
      <translation>最近一次活动</translation>
    </message>
    <message>
      <source>Days since</source>
      <translation>距今天数</translation>
    </message>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Short by</source>
      <translation>欠缺次数</translation>
    </message>
    <message>
      <source>Stations against their activity rule</source>
      <translation>家站点活动频次达标情况</translation>
    </message>
    <message>
      <source>Deputies taking part this year (全覆盖)</source>
      <translation>代表本年参加活动情况（全覆盖）</translation>
    </message>
    <message>
      <source>%1: %2 stations behind their rule; %3 of %4 deputies not yet taking part.</source>
      <translation>%1年：%2 个家站点未达标；%4 名在任代表中有 %3 名尚未参加履职活动。</translation>
    </message>
  </context>
  <context>
    <name>AnswerDialog</name>
    <message>
      <source>Record the answer</source>
      <translation>登记答复</translation>
    </message>
    <message>
      <source>(not stated)</source>
      <translation>（未注明）</translation>
    </message>
    <message>
      <source>Department</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Answered on</source>
      <translation>答复日期</translation>
    </message>
    <message>
      <source>Handling outcome</source>
      <translation>办理结果</translation>
    </message>
    <message>
      <source>Reply *</source>
      <translation>答复内容 *</translation>
    </message>
  </context>
  <context>
    <name>ArchivesPage</name>
    <message>
      <source>Points ranking</source>
      <translation>履职积分排名</translation>
    </message>
    <message>
      <source>Deputy archive</source>
      <translation>一人一档</translation>
    </message>
    <message>
      <source>Report-backs</source>
      <translation>代表述职</translation>
    </message>
    <message>
      <source>Yearly assessment</source>
      <translation>年度考核</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Points rules…</source>
      <translation>积分规则…</translation>
    </message>
    <message>
      <source>Public notice PDF…</source>
      <translation>公示PDF…</translation>
    </message>
    <message>
      <source>Export Excel…</source>
      <translation>导出Excel…</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>名次</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Breakdown</source>
      <translation>积分构成</translation>
    </message>
    <message>
      <source>Rule: %1</source>
      <translation>依据：%1</translation>
    </message>
    <message>
      <source>%1 deputies; %2 below the floor of %3 points (shaded).</source>
      <translation>共 %1 名代表；%2 名低于积分下限 %3 分（底色标出）。</translation>
    </message>
    <message>
      <source>Public notice of points</source>
      <translation>履职积分公示</translation>
    </message>
    <message>
      <source>Archive PDF…</source>
      <translation>档案PDF…</translation>
    </message>
    <message>
      <source>Mark / unmark vulnerable group</source>
      <translation>标记/取消弱势群体</translation>
    </message>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Fixed contact</source>
      <translation>固定联系对象</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>建立联系日期</translation>
    </message>
    <message>
      <source>Vulnerable group</source>
      <translation>弱势群体</translation>
    </message>
    <message>
      <source>Choose a contact in the list first.</source>
      <translation>请先在列表中选择一名联系人。</translation>
    </message>
    <message>
      <source>Record a report-back…</source>
      <translation>登记述职…</translation>
    </message>
    <message>
      <source>Record the talk…</source>
      <translation>记录谈心谈话…</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Audience</source>
      <translation>听取对象</translation>
    </message>
    <message>
      <source>优秀 rate</source>
      <translation>优秀率</translation>
    </message>
    <message>
      <source>Talk</source>
      <translation>谈心谈话</translation>
    </message>
    <message>
      <source>Reported back this term: %1 of %2 deputies. Below %3% 优秀: talk due (shaded).</source>
      <translation>本届已述职代表 %1 名，共 %2 名。优秀率低于 %3% 的应谈心谈话（底色标出）。</translation>
    </message>
    <message>
      <source>Talk due</source>
      <translation>应谈心谈话</translation>
    </message>
    <message>
      <source>not rated</source>
      <translation>未测评</translation>
    </message>
    <message>
      <source>Choose a report-back in the list first.</source>
      <translation>请先在列表中选择一条述职记录。</translation>
    </message>
    <message>
      <source>Decide the next stage…</source>
      <translation>评定下一环节…</translation>
    </message>
    <message>
      <source>Grade</source>
      <translation>考核等级</translation>
    </message>
    <message>
      <source>Choose a deputy in the list first.</source>
      <translation>请先在列表中选择一名代表。</translation>
    </message>
    <message>
      <source>Every stage of this assessment is decided.</source>
      <translation>该代表的年度考核各环节均已评定。</translation>
    </message>
  </context>
  <context>
    <name>AssessmentDialog</name>
    <message>
      <source>%1: %2 of %3</source>
      <translation>%1：%3年度%2</translation>
    </message>
    <message>
      <source>Points: %1. %2</source>
      <translation>积分：%1。%2</translation>
    </message>
    <message>
      <source>Grade</source>
      <translation>考核等级</translation>
    </message>
    <message>
      <source>Decided by</source>
      <translation>评定人/机构</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>AssignDialog</name>
    <message>
      <source>Reopen with a new assignment</source>
      <translation>不满意重新交办</translation>
    </message>
    <message>
      <source>Assign to a department</source>
      <translation>交办</translation>
    </message>
  </context>
  <context>
    <name>AssignmentFields</name>
    <message>
      <source>Department *</source>
      <translation>承办单位 *</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>承办联系人</translation>
    </message>
    <message>
      <source>Staff member</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Assigned on</source>
      <translation>交办日期</translation>
    </message>
    <message>
      <source>Answer due by</source>
      <translation>答复期限</translation>
    </message>
    <message>
      <source>Computed from the deadline setting and the holiday calendar</source>
      <translation>按答复期限设置和节假日历自动计算</translation>
    </message>
  </context>
  <context>
    <name>AttendancePage</name>
    <message>
      <source>Attendance ledger (Excel)…</source>
      <extracomment>Asks where to save an Excel file (replaced in tests): (title, file name) → path.</extracomment>
      <translation>出席台账（Excel）…</translation>
    </message>
    <message>
      <source>Meetings ledger (Excel)…</source>
      <translation>会议台账（Excel）…</translation>
    </message>
    <message>
      <source>Absence flags…</source>
      <translation>缺席提示规则…</translation>
    </message>
    <message>
      <source>Term</source>
      <translation>届次</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Meetings on the roll</source>
      <translation>应出席</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>出席</translation>
    </message>
    <message>
      <source>On leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺席</translation>
    </message>
    <message>
      <source>Attendance rate</source>
      <translation>出席率</translation>
    </message>
    <message>
      <source>Most in a row</source>
      <translation>最多连续缺席</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>提示</translation>
    </message>
    <message>
      <source>Session no.</source>
      <translation>次数</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Venue</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>应到</translation>
    </message>
    <message>
      <source>Quorum</source>
      <translation>达到法定人数</translation>
    </message>
    <message>
      <source>Resolutions</source>
      <translation>形成决议</translation>
    </message>
    <message>
      <source>%1 closed meetings; %2 people flagged for absence without leave (%3).</source>
      <translation>本届已闭会 %1 次；%2 人因无故缺席被提示（%3）。</translation>
    </message>
    <message>
      <source>flags off</source>
      <translation>未启用提示</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
  </context>
  <context>
    <name>AuditLogPage</name>
    <message>
      <source>Dates</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>What changed</source>
      <translation>变更内容</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>All records</source>
      <translation>全部记录</translation>
    </message>
    <message>
      <source>Nothing found</source>
      <translation>没有找到</translation>
    </message>
  </context>
  <context>
    <name>BallotEntry</name>
    <message>
      <source>Scan the ballot's QR code or type its serial, then Enter</source>
      <extracomment>Asks for a void reason; replaced in tests. Returns None when cancelled.</extracomment>
      <translation>扫描选票二维码或输入选票编号，然后回车</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>按键</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Option</source>
      <translation>选项</translation>
    </message>
    <message>
      <source>Mark</source>
      <translation>标记</translation>
    </message>
    <message>
      <source>Entered last (F8 withdraws the last one)</source>
      <translation>最近录入（F8 撤回最后一张）</translation>
    </message>
    <message>
      <source>Enter saves; Backspace undoes a key; Esc drops the ballot; Ctrl+D declares it void.</source>
      <translation>回车保存；退格撤销上一键；Esc 放弃本张；Ctrl+D 宣布废票。</translation>
    </message>
    <message>
      <source>Choose a poll</source>
      <translation>请选择票决</translation>
    </message>
    <message>
      <source>pass %1</source>
      <translation>第 %1 遍</translation>
    </message>
    <message>
      <source>test deck (样票)</source>
      <translation>样票测试</translation>
    </message>
    <message>
      <source>Entered: %1</source>
      <translation>已录入：%1 张</translation>
    </message>
    <message>
      <source>Waiting for a ballot</source>
      <translation>等待扫描选票</translation>
    </message>
    <message>
      <source>Ballot %1: marking</source>
      <translation>第 %1 号选票：录入标记</translation>
    </message>
    <message>
      <source>keys mark %1</source>
      <translation>按键标记为%1</translation>
    </message>
    <message>
      <source>for: %1 of at most %2</source>
      <translation>赞成 %1 项（最多 %2 项）</translation>
    </message>
    <message>
      <source>more than the quota: this ballot will count as void</source>
      <translation>赞成超过应选数：本票将作为废票</translation>
    </message>
    <message>
      <source>Ballot %1 saved</source>
      <translation>第 %1 号选票已保存</translation>
    </message>
    <message>
      <source>Void ballot</source>
      <translation>废票</translation>
    </message>
    <message>
      <source>Why is this ballot void?</source>
      <translation>这张选票为什么作废？</translation>
    </message>
    <message>
      <source>Nothing to withdraw</source>
      <translation>没有可撤回的选票</translation>
    </message>
    <message>
      <source>Ballot %1 withdrawn; enter it again</source>
      <translation>第 %1 号选票已撤回，请重新录入</translation>
    </message>
  </context>
  <context>
    <name>CategoryDialog</name>
    <message>
      <source>Opinion categories</source>
      <translation>意见分类</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Opinions</source>
      <translation>意见数</translation>
    </message>
    <message>
      <source>Add category</source>
      <translation>新增分类</translation>
    </message>
    <message>
      <source>Add subcategory</source>
      <translation>新增子分类</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>重命名</translation>
    </message>
    <message>
      <source>Move up</source>
      <translation>上移</translation>
    </message>
    <message>
      <source>Move down</source>
      <translation>下移</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Double-click a name to rename it. A category that opinions still use can be renamed but not removed.</source>
      <translation>双击名称可重命名。已有意见使用的分类可以改名，但不能删除。</translation>
    </message>
    <message>
      <source>New category</source>
      <translation>新分类</translation>
    </message>
  </context>
  <context>
    <name>CertifyDialog</name>
    <message>
      <source>Certify the result</source>
      <translation>核验计票结果</translation>
    </message>
    <message>
      <source>Counters (计票人)</source>
      <translation>计票人</translation>
    </message>
    <message>
      <source>Scrutineers (监票人)</source>
      <translation>监票人</translation>
    </message>
    <message>
      <source>Chief scrutineer (总监票人)</source>
      <translation>总监票人</translation>
    </message>
    <message>
      <source>Certification locks the poll. Later corrections need an administrator.</source>
      <translation>核验后票决即锁定，此后更正须由管理员进行。</translation>
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
    <name>ChangeoverDialog</name>
    <message>
      <source>Term changeover</source>
      <translation>换届</translation>
    </message>
    <message>
      <source>New term</source>
      <translation>新一届名称</translation>
    </message>
    <message>
      <source>Changeover date</source>
      <translation>换届日期</translation>
    </message>
    <message>
      <source>Re-elected</source>
      <translation>连任代表</translation>
    </message>
    <message>
      <source>%1 closes; its %2 representatives in office leave with it unless ticked as re-elected.</source>
      <translation>%1将结束；其 %2 名在任代表随之离任，勾选的连任代表转入新一届。</translation>
    </message>
    <message>
      <source>Change over</source>
      <translation>换届</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
    <message>
      <source>Close the current term and open %1?</source>
      <translation>确定结束本届并开始%1吗？</translation>
    </message>
  </context>
  <context>
    <name>CloseDialog</name>
    <message>
      <source>Conclude the opinion</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>How it was concluded</source>
      <translation>办结方式</translation>
    </message>
    <message>
      <source>Concluded on</source>
      <translation>办结日期</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>CommunitiesTab</name>
    <message>
      <source>Community name</source>
      <translation>社区名称</translation>
    </message>
    <message>
      <source>Division code</source>
      <translation>行政区划代码</translation>
    </message>
    <message>
      <source>Representatives in office</source>
      <translation>在任议事代表</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
  </context>
  <context>
    <name>CommunityDialog</name>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Community name</source>
      <translation>社区名称</translation>
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
      <source>Required</source>
      <translation>必填</translation>
    </message>
    <message>
      <source>12 digits</source>
      <translation>应为 12 位数字</translation>
    </message>
  </context>
  <context>
    <name>ContactDialog</name>
    <message>
      <source>Fixed contact</source>
      <translation>固定联系对象</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Contact kind</source>
      <translation>联系对象类型</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>建立联系日期</translation>
    </message>
  </context>
  <context>
    <name>ContactsTab</name>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Stop contact</source>
      <translation>停止联系</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Choose the deputy in the filter first</source>
      <translation>请先在筛选栏中选择代表</translation>
    </message>
  </context>
  <context>
    <name>CorrectDialog</name>
    <message>
      <source>Correct a certified result</source>
      <translation>更正已核验的结果</translation>
    </message>
    <message>
      <source>Void ballot</source>
      <translation>废票</translation>
    </message>
    <message>
      <source>Option</source>
      <translation>选项</translation>
    </message>
    <message>
      <source>Mark</source>
      <translation>标记</translation>
    </message>
    <message>
      <source>Serial</source>
      <translation>选票编号</translation>
    </message>
    <message>
      <source>Void reason</source>
      <translation>作废原因</translation>
    </message>
    <message>
      <source>Reason for the correction</source>
      <translation>更正原因</translation>
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
    <name>DecideDialog</name>
    <message>
      <source>Decide ballot %1</source>
      <translation>裁定第 %1 号选票</translation>
    </message>
    <message>
      <source>Pass 1 (%1): %2</source>
      <translation>第一遍（%1）：%2</translation>
    </message>
    <message>
      <source>Pass 2 (%1): %2</source>
      <translation>第二遍（%1）：%2</translation>
    </message>
    <message>
      <source>Withdraw this serial from both passes</source>
      <translation>从两遍录入中撤回该编号</translation>
    </message>
    <message>
      <source>e.g. checked against the paper ballot</source>
      <translation>例如：已核对纸质原票</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>裁定</translation>
    </message>
    <message>
      <source>Reason for the decision</source>
      <translation>裁定理由</translation>
    </message>
  </context>
  <context>
    <name>DeputiesTab</name>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>层级</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>In office</source>
      <translation>在任</translation>
    </message>
    <message>
      <source>Retired</source>
      <translation>离任</translation>
    </message>
    <message>
      <source>Short of fixed contacts</source>
      <translation>固定联系人数不足</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Retire…</source>
      <translation>离任…</translation>
    </message>
    <message>
      <source>Pairing…</source>
      <translation>结对联系…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Print deputy codes…</source>
      <translation>打印代表码…</translation>
    </message>
    <message>
      <source>History…</source>
      <translation>履历…</translation>
    </message>
    <message>
      <source>A directly elected deputy keeps at least 5 resident contacts; an indirectly elected one at least 3 grass-roots deputies. Shortfalls are shown in red.</source>
      <translation>直接选举的代表至少固定联系 5 名选民，间接选举的代表至少联系 3 名基层代表；人数不足的以红色标出。</translation>
    </message>
  </context>
  <context>
    <name>DeputyDialog</name>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>层级</translation>
    </message>
    <message>
      <source>Election</source>
      <translation>选举方式</translation>
    </message>
    <message>
      <source>Constituency</source>
      <translation>选区</translation>
    </message>
    <message>
      <source>Workplace</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Attends every representative meeting (without a vote)</source>
      <translation>固定列席每次议事代表会议（无表决权）</translation>
    </message>
    <message>
      <source>Attends meetings</source>
      <translation>列席会议</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Elected on</source>
      <translation>当选日期</translation>
    </message>
    <message>
      <source>Paired representatives</source>
      <translation>结对议事代表</translation>
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
    <name>FirstTermDialog</name>
    <message>
      <source>Open the first term</source>
      <translation>建立第一届</translation>
    </message>
    <message>
      <source>Term</source>
      <translation>届次</translation>
    </message>
    <message>
      <source>Started on</source>
      <translation>开始日期</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
  </context>
  <context>
    <name>FollowUpDialog</name>
    <message>
      <source>Follow up with the resident</source>
      <translation>回访</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Followed up on</source>
      <translation>回访日期</translation>
    </message>
    <message>
      <source>Call result</source>
      <translation>回访情况</translation>
    </message>
    <message>
      <source>Reassign now (dissatisfied)</source>
      <translation>立即重新交办（不满意）</translation>
    </message>
  </context>
  <context>
    <name>FollowupPage</name>
    <message>
      <source>Queue:</source>
      <translation>队列：</translation>
    </message>
    <message>
      <source>%1 matters</source>
      <translation>共 %1 件</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>HistoryDialog</name>
    <message>
      <source>History of %1</source>
      <translation>%1 的变更记录</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Edited</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>Retired</source>
      <translation>离任</translation>
    </message>
    <message>
      <source>Reinstated</source>
      <translation>恢复在任</translation>
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
      <source>Changes</source>
      <translation>变更内容</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>HolidayCalendarDialog</name>
    <message>
      <source>Holiday calendar</source>
      <translation>节假日历</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Day off</source>
      <translation>放假</translation>
    </message>
    <message>
      <source>Worked weekend (调休)</source>
      <translation>调休上班</translation>
    </message>
    <message>
      <source>e.g. 春节</source>
      <translation>如：春节</translation>
    </message>
    <message>
      <source>Save day</source>
      <translation>保存该日</translation>
    </message>
    <message>
      <source>Make the selected day ordinary</source>
      <translation>将选中日期恢复为普通日</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Only days that differ from Monday–Friday are listed. A year is copied from the chinese-calendar package the first time it is changed.</source>
      <translation>只列出与“周一至周五上班”不同的日期。某一年第一次修改时，先从内置的国务院节假日安排复制该年的数据。</translation>
    </message>
    <message>
      <source>chinese-calendar</source>
      <translation>内置节假日安排</translation>
    </message>
    <message>
      <source>edited</source>
      <translation>手工修改</translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message>
      <source>Inspection pack…</source>
      <translation>迎检资料包…</translation>
    </message>
    <message>
      <source>The year's ledgers, papers and reports in one folder, with an index</source>
      <translation>把本年度的台账、会议材料和报告生成到一个文件夹，附目录和校验文件</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <source>New</source>
      <extracomment>Filter key → statuses shown.</extracomment>
      <translation>新增</translation>
    </message>
    <message>
      <source>Update</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>错误</translation>
    </message>
    <message>
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>Rename?</source>
      <translation>改名？</translation>
    </message>
    <message>
      <source>Import %1 from Excel</source>
      <translation>从 Excel 导入%1</translation>
    </message>
    <message>
      <source>No file chosen</source>
      <translation>尚未选择文件</translation>
    </message>
    <message>
      <source>Choose file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <source>Save empty template…</source>
      <translation>保存空白模板…</translation>
    </message>
    <message>
      <source>The ledger has no column of these names. Choose the ledger column each one holds, or ignore it. The choice is remembered for the next file with the same columns.</source>
      <translation>台账中没有以下名称的列。请为每一列选择它对应的台账列，或忽略该列。所作选择会记住，下次导入列名相同的文件时自动使用。</translation>
    </message>
    <message>
      <source>Column in the file</source>
      <translation>文件中的列</translation>
    </message>
    <message>
      <source>Ledger column</source>
      <translation>对应的台账列</translation>
    </message>
    <message>
      <source>Check the file with these columns</source>
      <translation>按此对应检查文件</translation>
    </message>
    <message>
      <source>All rows</source>
      <translation>全部行</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>有变动</translation>
    </message>
    <message>
      <source>Renames to confirm</source>
      <translation>改名待确认</translation>
    </message>
    <message>
      <source>Errors</source>
      <translation>有错误</translation>
    </message>
    <message>
      <source>Columns…</source>
      <translation>列对应…</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>显示：</translation>
    </message>
    <message>
      <source>Import the valid rows only (skip rows with errors)</source>
      <translation>只导入正确的行（跳过有错误的行）</translation>
    </message>
    <message>
      <source>Save marked-up copy…</source>
      <translation>保存错误标注副本…</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Undo this import</source>
      <translation>撤销这次导入</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Choose a spreadsheet</source>
      <translation>选择表格文件</translation>
    </message>
    <message>
      <source>Spreadsheets (%1)</source>
      <translation>表格文件 (%1)</translation>
    </message>
    <message>
      <source>Save empty template</source>
      <translation>保存空白模板</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Template saved</source>
      <translation>模板已保存</translation>
    </message>
    <message>
      <source>Reading and checking every row…</source>
      <translation>正在读取并逐行校验……</translation>
    </message>
    <message>
      <source>Reading and checking every row… (%1 read)</source>
      <translation>正在读取并逐行校验……（已读 %1 行）</translation>
    </message>
    <message>
      <source>(ignore this column)</source>
      <translation>（忽略此列）</translation>
    </message>
    <message>
      <source>%1 columns of the file are not in the ledger.</source>
      <translation>文件中有 %1 列不在台账中。</translation>
    </message>
    <message>
      <source>%1 new, %2 to update, %3 unchanged, %4 with errors.</source>
      <translation>新增 %1 行，更新 %2 行，未变 %3 行，有错误 %4 行。</translation>
    </message>
    <message>
      <source>%1 problems concern the file as a whole; it cannot be imported as it is.</source>
      <translation>另有 %1 个整个文件的问题，文件不能按原样导入。</translation>
    </message>
    <message>
      <source>Fix the errors and choose the file again, or import the valid rows only.</source>
      <translation>请修改错误后重新选择文件，或只导入正确的行。</translation>
    </message>
    <message>
      <source>Nothing to change.</source>
      <translation>没有需要更改的内容。</translation>
    </message>
    <message>
      <source>%1 rows carry the ID number of a person with another name: tick “Confirm the rename” for each one that is right.</source>
      <translation>有 %1 行的身份证号属于另一个姓名的人员：核对无误的，请在“确认”列勾选“确认改名”。</translation>
    </message>
    <message>
      <source>Ignored columns: %1</source>
      <translation>忽略的列：%1</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>人员/事项</translation>
    </message>
    <message>
      <source>What is written (old → new)</source>
      <translation>写入的内容（原值 → 新值）</translation>
    </message>
    <message>
      <source>Confirm</source>
      <translation>确认</translation>
    </message>
    <message>
      <source>Save marked-up copy</source>
      <translation>保存错误标注副本</translation>
    </message>
    <message>
      <source>Marked-up copy saved</source>
      <translation>已保存标注错误的副本</translation>
    </message>
    <message>
      <source>Imported: %1 added, %2 updated, %3 rows with errors skipped.</source>
      <translation>导入完成：新增 %1 条，更新 %2 条，跳过有错误的 %3 行。</translation>
    </message>
    <message>
      <source>The import was undone.</source>
      <translation>已撤销这次导入。</translation>
    </message>
  </context>
  <context>
    <name>LedgerTab</name>
    <message>
      <source>Search: name, pinyin initials (zwq), workplace…</source>
      <extracomment>the Excel ledger this tab imports and exports ("" = none)</extracomment>
      <translation>查找：姓名、拼音首字母（如 zwq）、单位……</translation>
    </message>
    <message>
      <source>%1 shown</source>
      <translation>共 %1 条</translation>
    </message>
    <message>
      <source>Export to Excel</source>
      <translation>导出到 Excel</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <source>Switch user…</source>
      <translation>切换用户…</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>已锁定</translation>
    </message>
    <message>
      <source>%1 is signed in. Enter the password to go on.</source>
      <translation>%1 已登录。请输入密码继续。</translation>
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
    <message>
      <source>DEMO</source>
      <translation>演示</translation>
    </message>
  </context>
  <context>
    <name>MatterPanel</name>
    <message>
      <source>No.</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>环节</translation>
    </message>
    <message>
      <source>Handling unit</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Handling due</source>
      <translation>办理期限</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>超期天数</translation>
    </message>
    <message>
      <source>%1 working days</source>
      <translation>%1 个工作日</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Assign…</source>
      <translation>交办…</translation>
    </message>
    <message>
      <source>Handling report…</source>
      <translation>研究处理情况报告…</translation>
    </message>
    <message>
      <source>Review opinion…</source>
      <translation>审核意见…</translation>
    </message>
    <message>
      <source>Assignment sheet</source>
      <translation>交办单</translation>
    </message>
    <message>
      <source>No matter selected.</source>
      <translation>未选择事项。</translation>
    </message>
    <message>
      <source>Formed at: %1</source>
      <translation>形成于：%1</translation>
    </message>
    <message>
      <source>Assigned to %1 on %2 (round %3), due %4</source>
      <translation>交办：%1，%2（第%3轮），办理期限 %4</translation>
    </message>
    <message>
      <source>Overdue by %1 working days</source>
      <translation>已逾期 %1 个工作日</translation>
    </message>
    <message>
      <source>Requirement: %1</source>
      <translation>办理要求：%1</translation>
    </message>
    <message>
      <source>Handling report (%1): %2</source>
      <translation>研究处理情况报告（%1）：%2</translation>
    </message>
    <message>
      <source>Review opinion (%1, %2): %3</source>
      <translation>审核意见（%1，%2）：%3</translation>
    </message>
    <message>
      <source>Satisfaction rating: %1 (positive %2)</source>
      <translation>满意度测评：%1（满意率 %2）</translation>
    </message>
    <message>
      <source>Cannot do this</source>
      <translation>无法执行此操作</translation>
    </message>
    <message>
      <source>Assign %1</source>
      <translation>交办 %1</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>承办联系人</translation>
    </message>
    <message>
      <source>Assigned on</source>
      <translation>交办日期</translation>
    </message>
    <message>
      <source>Working days to answer</source>
      <translation>办理期限（工作日）</translation>
    </message>
    <message>
      <source>Requirement</source>
      <translation>办理要求</translation>
    </message>
    <message>
      <source>Handling report of %1</source>
      <translation>%1 的研究处理情况报告</translation>
    </message>
    <message>
      <source>Reported on</source>
      <translation>报告日期</translation>
    </message>
    <message>
      <source>Research and handling report</source>
      <translation>研究处理情况报告</translation>
    </message>
    <message>
      <source>Review opinion on %1</source>
      <translation>%1 的审核意见</translation>
    </message>
    <message>
      <source>Verdict</source>
      <translation>审核结论</translation>
    </message>
    <message>
      <source>Reviewed on</source>
      <translation>审核日期</translation>
    </message>
    <message>
      <source>Review opinion</source>
      <translation>审核意见</translation>
    </message>
    <message>
      <source>Working days when sent back</source>
      <translation>退回后办理期限（工作日）</translation>
    </message>
    <message>
      <source>Assignment sheet %1</source>
      <translation>交办单 %1</translation>
    </message>
  </context>
  <context>
    <name>MeetingDialog</name>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
    <message>
      <source>New meeting</source>
      <translation>新建会议</translation>
    </message>
    <message>
      <source>Meeting kind</source>
      <extracomment>A township's new meeting: 议事代表会议 or 乡镇人代会 (deputies vote).</extracomment>
      <translation>会议类型</translation>
    </message>
    <message>
      <source>next</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>Leave empty for the standard notice text</source>
      <translation>留空则使用标准通知文字</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>会议名称</translation>
    </message>
    <message>
      <source>Number in the term</source>
      <translation>本届第几次</translation>
    </message>
    <message>
      <source>Date and time</source>
      <translation>日期时间</translation>
    </message>
    <message>
      <source>Venue</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Convener</source>
      <translation>召集人</translation>
    </message>
    <message>
      <source>Presiding</source>
      <translation>主持人</translation>
    </message>
    <message>
      <source>Minute-taker</source>
      <translation>记录人</translation>
    </message>
    <message>
      <source>Notice text</source>
      <translation>通知正文</translation>
    </message>
  </context>
  <context>
    <name>MeetingFollowupTab</name>
    <message>
      <source>Follow up a resolution…</source>
      <translation>决议列入督办…</translation>
    </message>
    <message>
      <source>New deliberation opinion…</source>
      <translation>新建审议意见…</translation>
    </message>
    <message>
      <source>Follow-up report to the agenda</source>
      <translation>督办情况报告列入议程</translation>
    </message>
    <message>
      <source>Print the follow-up report</source>
      <translation>打印督办情况报告</translation>
    </message>
    <message>
      <source>Rating poll of the reviewed matters</source>
      <translation>已审核事项满意度测评</translation>
    </message>
    <message>
      <source>Read back the rating</source>
      <translation>读回测评结果</translation>
    </message>
    <message>
      <source>At this meeting:</source>
      <translation>本次会议：</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Raised by</source>
      <translation>反映人</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Handling</source>
      <translation>办理情况</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>意见内容</translation>
    </message>
    <message>
      <source>Register input…</source>
      <translation>登记意见或动议…</translation>
    </message>
    <message>
      <source>Into the opinions ledger</source>
      <translation>转入意见台账</translation>
    </message>
    <message>
      <source>Into a project proposal…</source>
      <translation>转为项目建议…</translation>
    </message>
    <message>
      <source>Opinions and motions raised at the meeting</source>
      <translation>会上提出的意见建议和动议</translation>
    </message>
    <message>
      <source>Earlier meetings: %1 matters followed up, %2 overdue, %3 awaiting rating</source>
      <translation>往次会议：跟踪督办 %1 件，逾期 %2 件，待测评 %3 件</translation>
    </message>
    <message>
      <source>Follow up a resolution</source>
      <translation>决议列入跟踪督办</translation>
    </message>
    <message>
      <source>Every resolution of this meeting is already followed up.</source>
      <translation>本次会议的决议都已列入跟踪督办。</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>决议</translation>
    </message>
    <message>
      <source>New deliberation opinion</source>
      <translation>新建审议意见</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>会议名称</translation>
    </message>
    <message>
      <source>Deliberation opinion</source>
      <translation>审议意见</translation>
    </message>
    <message>
      <source>The follow-up report is on the agenda.</source>
      <translation>督办情况报告已列入议程。</translation>
    </message>
    <message>
      <source>Rating poll created: %1 (print, enter and certify it on the Polls page)</source>
      <translation>已生成测评：%1（请在“表决计票”页打印选票、录入并确认结果）</translation>
    </message>
    <message>
      <source>Satisfaction rating read back for %1 matters</source>
      <translation>已读回 %1 件事项的满意度测评结果</translation>
    </message>
    <message>
      <source>Register an input raised at the meeting</source>
      <translation>登记会上提出的意见建议或动议</translation>
    </message>
    <message>
      <source>Seconded by</source>
      <translation>附议人</translation>
    </message>
    <message>
      <source>Category (for the opinions ledger)</source>
      <translation>分类（转入意见台账时）</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Into a livelihood-project proposal</source>
      <translation>转为民生实事项目建议</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Estimated cost (yuan)</source>
      <translation>估算投资（元）</translation>
    </message>
    <message>
      <source>Implementing unit</source>
      <translation>实施单位</translation>
    </message>
  </context>
  <context>
    <name>MeetingsPage</name>
    <message>
      <source>Session no.</source>
      <translation>次数</translation>
    </message>
    <message>
      <source>Meeting %1</source>
      <translation>第%1次</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>会议名称</translation>
    </message>
    <message>
      <source>New meeting</source>
      <translation>新建会议</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Open the meeting</source>
      <translation>开始会议</translation>
    </message>
    <message>
      <source>Close the meeting</source>
      <translation>闭会</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Meeting notice</source>
      <translation>会议通知</translation>
    </message>
    <message>
      <source>Sign-in sheet</source>
      <translation>签到表</translation>
    </message>
    <message>
      <source>List of absence and leave</source>
      <translation>缺席、请假人员名单</translation>
    </message>
    <message>
      <source>Agenda</source>
      <translation>议程</translation>
    </message>
    <message>
      <source>Minutes</source>
      <translation>会议记录</translation>
    </message>
    <message>
      <source>Sign-in desk</source>
      <translation>签到台</translation>
    </message>
    <message>
      <source>Resolutions and minutes</source>
      <translation>决议与记录</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>跟踪督办</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Agenda kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>议程内容</translation>
    </message>
    <message>
      <source>Reporting department</source>
      <translation>报告单位</translation>
    </message>
    <message>
      <source>Reporting person</source>
      <translation>报告人</translation>
    </message>
    <message>
      <source>Add item</source>
      <translation>添加议程</translation>
    </message>
    <message>
      <source>Edit item</source>
      <translation>编辑议程</translation>
    </message>
    <message>
      <source>Remove item</source>
      <translation>删除议程</translation>
    </message>
    <message>
      <source>Up (Ctrl+↑)</source>
      <translation>上移（Ctrl+↑）</translation>
    </message>
    <message>
      <source>Down (Ctrl+↓)</source>
      <translation>下移（Ctrl+↓）</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>决议</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Votes</source>
      <translation>表决情况</translation>
    </message>
    <message>
      <source>Add resolution</source>
      <translation>添加决议</translation>
    </message>
    <message>
      <source>Edit resolution</source>
      <translation>编辑决议</translation>
    </message>
    <message>
      <source>Remove resolution</source>
      <translation>删除决议</translation>
    </message>
    <message>
      <source>Other matters for the minutes (the text for each agenda item is entered with the item)</source>
      <translation>会议记录中的其他事项（各项议程的记录请在编辑议程时填写）</translation>
    </message>
    <message>
      <source>Save minutes text</source>
      <translation>保存记录</translation>
    </message>
    <message>
      <source>Other matters</source>
      <translation>其他事项</translation>
    </message>
    <message>
      <source>No meeting yet. Press “New meeting” to plan one.</source>
      <translation>还没有会议。请点击“新建会议”。</translation>
    </message>
    <message>
      <source>Time: %1  Venue: %2  Presiding: %3  Minute-taker: %4</source>
      <translation>时间：%1　地点：%2　主持人：%3　记录人：%4</translation>
    </message>
    <message>
      <source>Correct a closed meeting</source>
      <translation>更正已闭会的会议</translation>
    </message>
    <message>
      <source>This meeting is closed. Reason for the correction (recorded in the audit log):</source>
      <translation>该会议已闭会。请填写更正理由（将记入审计日志）：</translation>
    </message>
    <message>
      <source>Meeting planned: %1</source>
      <translation>已新建会议：%1</translation>
    </message>
    <message>
      <source>Delete the planned meeting “%1”?</source>
      <translation>删除筹备中的会议“%1”？</translation>
    </message>
    <message>
      <source>Meeting opened: %1 members expected, %2 needed for a quorum.</source>
      <translation>会议已开始：应到 %1 人，法定人数 %2 人。</translation>
    </message>
    <message>
      <source>Close the meeting? Whoever has not signed in is recorded absent, and the meeting becomes read-only.</source>
      <translation>确定闭会？未签到的代表将记为缺席，会议内容随即只读。</translation>
    </message>
    <message>
      <source>Minutes text saved.</source>
      <translation>会议记录已保存。</translation>
    </message>
  </context>
  <context>
    <name>NewPollDialog</name>
    <message>
      <source>New poll</source>
      <translation>新建票决</translation>
    </message>
    <message>
      <source>(standalone)</source>
      <translation>（不属于会议）</translation>
    </message>
    <message>
      <source>More than (过半数); unticked: at least</source>
      <translation>超过（过半数）；不勾选为“达到”</translation>
    </message>
    <message>
      <source>Double entry by two clerks</source>
      <translation>由两名工作人员双人录入</translation>
    </message>
    <message>
      <source>One option per line: name | department | estimated cost (10k yuan) | description</source>
      <translation>每行一项：名称 | 实施单位 | 估算投资（万元）| 说明</translation>
    </message>
    <message>
      <source>Poll title</source>
      <translation>票决名称</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
    <message>
      <source>Agenda item</source>
      <translation>议程</translation>
    </message>
    <message>
      <source>Quota K (selection)</source>
      <translation>应选数 K（差额票决）</translation>
    </message>
    <message>
      <source>Threshold base</source>
      <translation>计算基数</translation>
    </message>
    <message>
      <source>Ratio</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>Members (standalone poll)</source>
      <translation>应到人数（不属于会议时）</translation>
    </message>
    <message>
      <source>Present (standalone poll)</source>
      <translation>出席人数（不属于会议时）</translation>
    </message>
    <message>
      <source>Rating levels</source>
      <translation>测评等次</translation>
    </message>
    <message>
      <source>Positive levels</source>
      <translation>计入满意率的等次</translation>
    </message>
    <message>
      <source>Options</source>
      <translation>选项</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
  </context>
  <context>
    <name>OpinionColumns</name>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>答复期限</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>超期天数</translation>
    </message>
    <message>
      <source>Department</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Resident</source>
      <translation>反映人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>意见内容</translation>
    </message>
  </context>
  <context>
    <name>OpinionDialog</name>
    <message>
      <source>Register an opinion</source>
      <translation>登记群众意见</translation>
    </message>
    <message>
      <source>Edit the opinion</source>
      <translation>修改意见</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Anonymous</source>
      <translation>匿名</translation>
    </message>
    <message>
      <source>May be shown on the publication board</source>
      <translation>可在公开栏公开</translation>
    </message>
    <message>
      <source>Received on</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>反映渠道</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Deputies involved</source>
      <translation>接待代表</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Resident</source>
      <translation>反映人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Location of the problem</source>
      <translation>问题地点</translation>
    </message>
    <message>
      <source>Content *</source>
      <translation>意见内容 *</translation>
    </message>
    <message>
      <source>Possible duplicates (same community, last 30 days)</source>
      <translation>可能重复（同一社区，近30天）</translation>
    </message>
    <message>
      <source>similarity</source>
      <translation>相似度</translation>
    </message>
  </context>
  <context>
    <name>OpinionStatsWidget</name>
    <message>
      <source>Last 12 months</source>
      <translation>近12个月</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>今年</translation>
    </message>
    <message>
      <source>Last year</source>
      <translation>去年</translation>
    </message>
    <message>
      <source>Last 24 months</source>
      <translation>近24个月</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>统计期间</translation>
    </message>
    <message>
      <source>Opinions received</source>
      <translation>受理意见</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>已答复</translation>
    </message>
    <message>
      <source>Average days to answer</source>
      <translation>平均答复天数</translation>
    </message>
    <message>
      <source>Answered on time</source>
      <translation>按期答复率</translation>
    </message>
    <message>
      <source>Satisfied or basically satisfied</source>
      <translation>满意率（含基本满意）</translation>
    </message>
    <message>
      <source>Opinions per month</source>
      <translation>每月受理数</translation>
    </message>
    <message>
      <source>By category</source>
      <translation>按类别</translation>
    </message>
    <message>
      <source>By community</source>
      <translation>按社区</translation>
    </message>
    <message>
      <source>By channel</source>
      <translation>按渠道</translation>
    </message>
    <message>
      <source>By status</source>
      <translation>按状态</translation>
    </message>
  </context>
  <context>
    <name>OpinionsPage</name>
    <message>
      <source>Ledger</source>
      <translation>台账</translation>
    </message>
    <message>
      <source>Statistics</source>
      <translation>统计</translation>
    </message>
    <message>
      <source>Search number, name, content, place (or scan a transfer letter)</source>
      <translation>搜索编号、姓名、内容、地点（或扫描转办函二维码）</translation>
    </message>
    <message>
      <source>All opinions</source>
      <translation>全部意见</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>All communities</source>
      <translation>全部社区</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部分类</translation>
    </message>
    <message>
      <source>Register…</source>
      <translation>登记…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Assign…</source>
      <translation>交办…</translation>
    </message>
    <message>
      <source>Answer…</source>
      <translation>答复…</translation>
    </message>
    <message>
      <source>Conclude…</source>
      <translation>办结…</translation>
    </message>
    <message>
      <source>Follow up…</source>
      <translation>回访…</translation>
    </message>
    <message>
      <source>Reopen…</source>
      <translation>重新交办…</translation>
    </message>
    <message>
      <source>Urge (催办)…</source>
      <translation>催办…</translation>
    </message>
    <message>
      <source>Public</source>
      <translation>公开</translation>
    </message>
    <message>
      <source>Papers</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Transfer letter (转办函)…</source>
      <translation>转办函…</translation>
    </message>
    <message>
      <source>Publication sheet (公开栏)…</source>
      <translation>公开栏…</translation>
    </message>
    <message>
      <source>Monthly ledger report…</source>
      <translation>月度台账报告…</translation>
    </message>
    <message>
      <source>Excel</source>
      <translation>Excel</translation>
    </message>
    <message>
      <source>Export what is shown…</source>
      <translation>导出当前列表…</translation>
    </message>
    <message>
      <source>Import a ledger…</source>
      <translation>导入台账…</translation>
    </message>
    <message>
      <source>Save an empty template…</source>
      <translation>保存空白模板…</translation>
    </message>
    <message>
      <source>Handling units…</source>
      <translation>承办单位…</translation>
    </message>
    <message>
      <source>Holiday calendar…</source>
      <translation>节假日历…</translation>
    </message>
    <message>
      <source>Categories…</source>
      <translation>意见分类…</translation>
    </message>
    <message>
      <source>Overdue by department</source>
      <translation>超期·按承办单位</translation>
    </message>
    <message>
      <source>Overdue by staff member</source>
      <translation>超期·按经办人</translation>
    </message>
    <message>
      <source>%1 opinions shown; scroll for more</source>
      <translation>已显示 %1 条，向下滚动加载更多</translation>
    </message>
    <message>
      <source>%1 opinions</source>
      <translation>共 %1 条</translation>
    </message>
    <message>
      <source>(all)</source>
      <translation>（全部）</translation>
    </message>
    <message>
      <source>Oldest due date: %1</source>
      <translation>最早期限：%1</translation>
    </message>
    <message>
      <source>(nobody)</source>
      <translation>（未指定）</translation>
    </message>
    <message>
      <source>overdue %1 days</source>
      <translation>已超期 %1 天</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>意见内容</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>答复内容</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>环节</translation>
    </message>
    <message>
      <source>Department</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>答复期限</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>By</source>
      <translation>经办</translation>
    </message>
    <message>
      <source>Resident</source>
      <translation>反映人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>反映渠道</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Deputies</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Saved: %1</source>
      <translation>已保存：%1</translation>
    </message>
    <message>
      <source>Urge (催办)</source>
      <translation>催办</translation>
    </message>
    <message>
      <source>Urge %1 (%2) for its overdue answer. Note (optional):</source>
      <translation>对超期未答复的 %1（%2）进行催办。备注（可不填）：</translation>
    </message>
    <message>
      <source>Opinion categories saved</source>
      <translation>意见分类已保存</translation>
    </message>
    <message>
      <source>Publication sheet</source>
      <translation>群众意见建议公开栏</translation>
    </message>
    <message>
      <source>Export to Excel</source>
      <translation>导出到 Excel</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
      <source>Save template</source>
      <translation>保存模板</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
  </context>
  <context>
    <name>PackDialog</name>
    <message>
      <source>Inspection pack</source>
      <translation>迎检资料包</translation>
    </message>
    <message>
      <source>Writes the year's ledgers (Excel), meeting papers, poll reports, monthly opinion reports and station reports (PDF), an index with record counts and a checksum file into one new folder.</source>
      <translation>把本年度的全部台账（Excel）、会议材料、票决表决报告、意见建议月报和家站点履职报告（PDF），连同列明记录数的目录和校验文件，生成到一个新文件夹。</translation>
    </message>
    <message>
      <source> (year)</source>
      <translation> 年度</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Save in</source>
      <translation>保存到</translation>
    </message>
    <message>
      <source>Write the pack</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Folder for the inspection pack</source>
      <translation>迎检资料包保存到</translation>
    </message>
  </context>
  <context>
    <name>PackRunner</name>
    <message>
      <source>Writing the inspection pack…</source>
      <translation>正在生成迎检资料包…</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Inspection pack</source>
      <translation>迎检资料包</translation>
    </message>
    <message>
      <source>The inspection pack was cancelled; nothing was written.</source>
      <translation>迎检资料包已取消，没有写出任何文件。</translation>
    </message>
    <message>
      <source>The inspection pack is ready: %1 files in
%2</source>
      <translation>迎检资料包已生成：共 %1 个文件，位于
%2</translation>
    </message>
    <message>
      <source>This computer is not enrolled for sync: the district does not see this data yet.</source>
      <translation>本机尚未登记同步，区里还看不到这些数据。</translation>
    </message>
    <message>
      <source>%1 change(s) on this computer have not yet reached the city server; sync so that the district sees the same data as the pack.</source>
      <translation>本机尚有 %1 条更改未送达市级服务器；同步后区里看到的数据与资料包一致。</translation>
    </message>
    <message>
      <source>Inspection pack written: %1</source>
      <translation>迎检资料包已生成：%1</translation>
    </message>
    <message>
      <source>Open the folder</source>
      <translation>打开文件夹</translation>
    </message>
  </context>
  <context>
    <name>PairingDialog</name>
    <message>
      <source>Pairing of %1</source>
      <translation>%1的结对联系</translation>
    </message>
    <message>
      <source>Filter by name or community</source>
      <translation>按姓名或社区筛选</translation>
    </message>
    <message>
      <source>%1 (%2, left)</source>
      <translation>%1（%2，已离任）</translation>
    </message>
    <message>
      <source>Representatives this deputy is paired with (结对联系):</source>
      <translation>勾选与该代表结对联系的议事代表：</translation>
    </message>
  </context>
  <context>
    <name>PdfPreviewDialog</name>
    <message>
      <source>Print preview</source>
      <translation>打印预览</translation>
    </message>
    <message>
      <source>This PDF cannot be shown.</source>
      <translation>无法显示此 PDF 文件。</translation>
    </message>
    <message>
      <source>%1 pages</source>
      <translation>共 %1 页</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>Save as PDF…</source>
      <translation>另存为 PDF…</translation>
    </message>
    <message>
      <source>Whole page</source>
      <translation>整页显示</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Save as PDF</source>
      <translation>另存为 PDF</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Cannot save</source>
      <translation>无法保存</translation>
    </message>
  </context>
  <context>
    <name>PersonPicker</name>
    <message>
      <source>Type a name, its pinyin or initials</source>
      <translation>输入姓名、拼音或首字母</translation>
    </message>
    <message>
      <source>Nothing found</source>
      <translation>没有找到</translation>
    </message>
    <message>
      <source>Chosen: %1</source>
      <translation>已选：%1</translation>
    </message>
  </context>
  <context>
    <name>PointsRulesDialog</name>
    <message>
      <source>Points rules %1</source>
      <translation>%1年积分规则</translation>
    </message>
    <message>
      <source>In force: %1. Saving adds a new revision for %2; points are recomputed.</source>
      <translation>现行：%1。保存后将新增%2年的规则版本，积分随之重新计算。</translation>
    </message>
    <message>
      <source>Activity type</source>
      <translation>活动类型</translation>
    </message>
    <message>
      <source>Cap (0 = none)</source>
      <translation>封顶分（0为不封顶）</translation>
    </message>
    <message>
      <source>Points per street meeting attended</source>
      <translation>每出席一次议事会议得分</translation>
    </message>
    <message>
      <source>Deducted per meeting missed without leave</source>
      <translation>每次无故缺席扣分</translation>
    </message>
    <message>
      <source>Points per opinion raised</source>
      <translation>每提出一条意见建议得分</translation>
    </message>
    <message>
      <source>Points per opinion closed</source>
      <translation>每办结一条意见建议得分</translation>
    </message>
    <message>
      <source>Points per training day</source>
      <translation>每学习培训一天得分</translation>
    </message>
    <message>
      <source>Points per report-back</source>
      <translation>每次述职得分</translation>
    </message>
    <message>
      <source>Cap: %1</source>
      <translation>封顶分：%1</translation>
    </message>
    <message>
      <source>Why the rules change (kept with the revision)</source>
      <translation>修改原因（随版本保存）</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Preview and save…</source>
      <translation>预览并保存…</translation>
    </message>
    <message>
      <source>… and %1 more</source>
      <translation>……另有 %1 名</translation>
    </message>
    <message>
      <source>These deputies' totals for %1 change:</source>
      <translation>以下代表的%1年度积分将发生变化：</translation>
    </message>
    <message>
      <source>No deputy's total changes.</source>
      <translation>没有代表的积分发生变化。</translation>
    </message>
    <message>
      <source>Save the new rules?</source>
      <translation>保存新的积分规则？</translation>
    </message>
  </context>
  <context>
    <name>PollColumns</name>
    <message>
      <source>Poll</source>
      <translation>票决</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Entered</source>
      <translation>已录入</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
  </context>
  <context>
    <name>PollsPage</name>
    <message>
      <source>New poll</source>
      <extracomment>Asks where to save an Excel file (replaced in tests): (title, file name) → path. Asks why double entry changes after ballots were entered; replaced in tests.</extracomment>
      <translation>新建票决</translation>
    </message>
    <message>
      <source>Open the vote</source>
      <translation>开始投票</translation>
    </message>
    <message>
      <source>Close the vote</source>
      <translation>结束投票</translation>
    </message>
    <message>
      <source>Certify…</source>
      <translation>核验…</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Ballots…</source>
      <translation>选票…</translation>
    </message>
    <message>
      <source>Test deck (样票)</source>
      <translation>样票</translation>
    </message>
    <message>
      <source>Test deck expected result</source>
      <translation>样票预期结果</translation>
    </message>
    <message>
      <source>Results report (计票结果报告单)</source>
      <translation>计票结果报告单</translation>
    </message>
    <message>
      <source>Correction supplement</source>
      <translation>计票结果更正说明</translation>
    </message>
    <message>
      <source>Result announcement (选举结果公告)</source>
      <translation>选举结果公告</translation>
    </message>
    <message>
      <source>More</source>
      <translation>更多</translation>
    </message>
    <message>
      <source>Check the test deck</source>
      <translation>核对样票结果</translation>
    </message>
    <message>
      <source>Export for recount (SPEC.json + BALLOTS.jsonl)…</source>
      <translation>导出供独立计票（SPEC.json + BALLOTS.jsonl）…</translation>
    </message>
    <message>
      <source>Results in Excel…</source>
      <translation>计票结果导出 Excel…</translation>
    </message>
    <message>
      <source>All poll results in Excel…</source>
      <translation>全部表决结果导出 Excel…</translation>
    </message>
    <message>
      <source>Correct a certified result…</source>
      <translation>更正已核验的结果…</translation>
    </message>
    <message>
      <source>Switch double entry on or off</source>
      <translation>开启或关闭双人录入</translation>
    </message>
    <message>
      <source>Pass 1</source>
      <translation>第一遍录入</translation>
    </message>
    <message>
      <source>Pass 2 (double entry)</source>
      <translation>第二遍录入（双人录入）</translation>
    </message>
    <message>
      <source>Entry pass</source>
      <translation>录入遍次</translation>
    </message>
    <message>
      <source>Decide the selected mismatch…</source>
      <translation>裁定所选的不一致…</translation>
    </message>
    <message>
      <source>Double-entry mismatches</source>
      <translation>双人录入不一致</translation>
    </message>
    <message>
      <source>Ballot entry</source>
      <translation>选票录入</translation>
    </message>
    <message>
      <source>Tally</source>
      <translation>计票</translation>
    </message>
    <message>
      <source>Print log</source>
      <translation>打印记录</translation>
    </message>
    <message>
      <source>No poll selected</source>
      <translation>未选择票决</translation>
    </message>
    <message>
      <source>code %1</source>
      <translation>代码 %1</translation>
    </message>
    <message>
      <source>printed %1, issued %2</source>
      <translation>已打印 %1 张，发出 %2 张</translation>
    </message>
    <message>
      <source>choose %1 of %2</source>
      <translation>%2 选 %1</translation>
    </message>
    <message>
      <source>Poll created</source>
      <translation>票决已创建</translation>
    </message>
    <message>
      <source>The vote is open</source>
      <translation>投票已开始</translation>
    </message>
    <message>
      <source>Ballots issued (发出票数):</source>
      <translation>发出票数：</translation>
    </message>
    <message>
      <source>Voting closed</source>
      <translation>投票已结束</translation>
    </message>
    <message>
      <source>Double entry on</source>
      <translation>已开启双人录入</translation>
    </message>
    <message>
      <source>Double entry off</source>
      <translation>已关闭双人录入</translation>
    </message>
    <message>
      <source>Double entry</source>
      <translation>双人录入</translation>
    </message>
    <message>
      <source>Ballots have been entered. Why switch double entry on?</source>
      <translation>已经录入选票。为什么要开启双人录入？</translation>
    </message>
    <message>
      <source>Ballots have been entered. Why switch double entry off? Open mismatches stay until a scrutineer decides them.</source>
      <translation>已经录入选票。为什么要关闭双人录入？尚未裁定的不一致仍须监票人裁定。</translation>
    </message>
    <message>
      <source>Cannot certify</source>
      <translation>不能核验</translation>
    </message>
    <message>
      <source>Result certified</source>
      <translation>计票结果已核验</translation>
    </message>
    <message>
      <source>Mismatch decided</source>
      <translation>已裁定</translation>
    </message>
    <message>
      <source>Correction recorded</source>
      <translation>更正已记录</translation>
    </message>
    <message>
      <source>Test deck</source>
      <translation>样票</translation>
    </message>
    <message>
      <source>The test deck was counted exactly as expected.</source>
      <translation>样票计票结果与预期完全一致。</translation>
    </message>
    <message>
      <source>The test deck does not match the expected result.</source>
      <translation>样票录入结果与预期不符。</translation>
    </message>
    <message>
      <source>Not entered: %1</source>
      <translation>未录入：%1</translation>
    </message>
    <message>
      <source>Entered differently: %1</source>
      <translation>录入与样票不符：%1</translation>
    </message>
    <message>
      <source>Export for recount</source>
      <translation>导出供独立计票</translation>
    </message>
    <message>
      <source>Exported to %1</source>
      <translation>已导出到 %1</translation>
    </message>
    <message>
      <source>Making the PDF…</source>
      <translation>正在生成 PDF…</translation>
    </message>
    <message>
      <source>Ballots</source>
      <translation>选票</translation>
    </message>
    <message>
      <source>Making the ballots…</source>
      <translation>正在生成选票…</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
      <source>Results report</source>
      <translation>计票结果报告单</translation>
    </message>
    <message>
      <source>Result announcement</source>
      <translation>选举结果公告</translation>
    </message>
  </context>
  <context>
    <name>PrintDialog</name>
    <message>
      <source>Print ballots</source>
      <translation>打印选票</translation>
    </message>
    <message>
      <source>A4, one ballot per page</source>
      <translation>A4，每页一张选票</translation>
    </message>
    <message>
      <source>A5 two-up on A4, with cut marks</source>
      <translation>A5 两联（A4 横向，带裁切线）</translation>
    </message>
    <message>
      <source>Serials continue after %1 already printed.</source>
      <translation>编号接续已打印的 %1 张。</translation>
    </message>
    <message>
      <source>Number of ballots</source>
      <translation>选票张数</translation>
    </message>
    <message>
      <source>Layout</source>
      <translation>版式</translation>
    </message>
  </context>
  <context>
    <name>ProjectsPage</name>
    <message>
      <source>Project year</source>
      <translation>年度</translation>
    </message>
    <message>
      <source>New proposal…</source>
      <translation>新建建议…</translation>
    </message>
    <message>
      <source>Screening…</source>
      <translation>论证初选…</translation>
    </message>
    <message>
      <source>Feedback…</source>
      <translation>反馈…</translation>
    </message>
    <message>
      <source>Hand over…</source>
      <translation>交办实施…</translation>
    </message>
    <message>
      <source>Progress report…</source>
      <translation>进度报告…</translation>
    </message>
    <message>
      <source>Supervision visit…</source>
      <translation>视察督查…</translation>
    </message>
    <message>
      <source>Put the shortlist to the vote…</source>
      <translation>提交代表票决…</translation>
    </message>
    <message>
      <source>Read back the certified vote</source>
      <translation>读取已确认的票决结果</translation>
    </message>
    <message>
      <source>Create the satisfaction poll</source>
      <translation>生成满意度测评票</translation>
    </message>
    <message>
      <source>Read back the certified evaluation</source>
      <translation>读取已确认的测评结果</translation>
    </message>
    <message>
      <source>Vote and evaluation</source>
      <translation>票决与测评</translation>
    </message>
    <message>
      <source>Shortlist with costs</source>
      <translation>候选项目表</translation>
    </message>
    <message>
      <source>Feedback to proposers</source>
      <translation>采纳情况反馈表</translation>
    </message>
    <message>
      <source>Yearly report</source>
      <translation>年度工作报告</translation>
    </message>
    <message>
      <source>Evaluation notice board</source>
      <translation>满意度测评结果公开栏</translation>
    </message>
    <message>
      <source>Progress notice for a meeting</source>
      <translation>项目推进情况通报</translation>
    </message>
    <message>
      <source>Micro-projects: yearly account</source>
      <translation>微实事年度台账</translation>
    </message>
    <message>
      <source>Project ledger (Excel)…</source>
      <translation>项目台账（Excel）…</translation>
    </message>
    <message>
      <source>Papers</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Implementing unit</source>
      <translation>实施单位</translation>
    </message>
    <message>
      <source>Estimate (10k yuan)</source>
      <translation>估算（万元）</translation>
    </message>
    <message>
      <source>Budget (10k yuan)</source>
      <translation>预算（万元）</translation>
    </message>
    <message>
      <source>Spent (10k yuan)</source>
      <translation>已支出（万元）</translation>
    </message>
    <message>
      <source>Votes won</source>
      <translation>得票</translation>
    </message>
    <message>
      <source>Satisfaction rate</source>
      <translation>满意率</translation>
    </message>
    <message>
      <source>Late milestones</source>
      <translation>节点滞后</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Proposer</source>
      <translation>提出人</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Milestone</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>Planned</source>
      <translation>计划日期</translation>
    </message>
    <message>
      <source>Days late</source>
      <translation>滞后天数</translation>
    </message>
    <message>
      <source>Screening decision</source>
      <translation>初选意见</translation>
    </message>
    <message>
      <source>Pipeline</source>
      <translation>年度流程</translation>
    </message>
    <message>
      <source>Waiting for feedback</source>
      <translation>待反馈</translation>
    </message>
    <message>
      <source>Funds approved (10k yuan)</source>
      <translation>批准资金（万元）</translation>
    </message>
    <message>
      <source>Application…</source>
      <translation>申报…</translation>
    </message>
    <message>
      <source>Community decision…</source>
      <translation>社区决定…</translation>
    </message>
    <message>
      <source>Acceptance…</source>
      <translation>验收…</translation>
    </message>
    <message>
      <source>Micro-projects</source>
      <translation>微实事</translation>
    </message>
    <message>
      <source>Late milestones (%1)</source>
      <translation>节点滞后（%1）</translation>
    </message>
    <message>
      <source>Waiting for feedback (%1)</source>
      <translation>待反馈（%1）</translation>
    </message>
    <message>
      <source>%1 applied · %2 approved · %3 accepted · approved %4, spent %5 (10k yuan)</source>
      <translation>申报 %1 个 · 决定实施 %2 个 · 已验收 %3 个 · 批准资金 %4 万元，已支出 %5 万元</translation>
    </message>
    <message>
      <source>%1 proposals · %2 projects chosen or carried out</source>
      <translation>共 %1 条项目建议 · 当选及实施项目 %2 个</translation>
    </message>
    <message>
      <source>%1 items · %2 (10k yuan)</source>
      <translation>%1 项 · %2 万元</translation>
    </message>
    <message>
      <source>Estimate (yuan)</source>
      <translation>估算投资（元）</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Proposal content</source>
      <translation>建议内容</translation>
    </message>
    <message>
      <source>New proposal</source>
      <translation>新建项目建议</translation>
    </message>
    <message>
      <source>Micro-project application</source>
      <translation>微实事申报</translation>
    </message>
    <message>
      <source>Merged into</source>
      <translation>合并到</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Feedback to the proposer</source>
      <translation>向提出人反馈</translation>
    </message>
    <message>
      <source>Responsible person</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Budget (yuan)</source>
      <translation>预算（元）</translation>
    </message>
    <message>
      <source>Milestones (one a line: name date)</source>
      <translation>时间节点（每行一个：名称 日期）</translation>
    </message>
    <message>
      <source>Hand over for implementation</source>
      <translation>交办实施</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>进度</translation>
    </message>
    <message>
      <source>Spent so far (yuan)</source>
      <translation>累计支出（元）</translation>
    </message>
    <message>
      <source>Reason when behind</source>
      <translation>滞后原因</translation>
    </message>
    <message>
      <source>Progress report</source>
      <translation>进度报告</translation>
    </message>
    <message>
      <source>Duty activity</source>
      <translation>履职活动</translation>
    </message>
    <message>
      <source>What the visit found</source>
      <translation>视察情况</translation>
    </message>
    <message>
      <source>Supervision visit</source>
      <translation>视察督查</translation>
    </message>
    <message>
      <source>Number to choose</source>
      <translation>应选数</translation>
    </message>
    <message>
      <source>Put the shortlist to the vote</source>
      <translation>候选项目提交代表票决</translation>
    </message>
    <message>
      <source>The selection poll is ready on the Polls page.</source>
      <translation>票决表已生成，请到“表决计票”页打印选票。</translation>
    </message>
    <message>
      <source>Community decision</source>
      <translation>社区决定</translation>
    </message>
    <message>
      <source>Carry it out</source>
      <translation>实施</translation>
    </message>
    <message>
      <source>Do not carry it out</source>
      <translation>不予实施</translation>
    </message>
    <message>
      <source>Funds approved (yuan)</source>
      <translation>批准资金（元）</translation>
    </message>
    <message>
      <source>Decision and reason</source>
      <translation>决定及理由</translation>
    </message>
    <message>
      <source>Accepted by</source>
      <translation>验收人</translation>
    </message>
    <message>
      <source>Funds spent (yuan)</source>
      <translation>实际支出（元）</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Acceptance</source>
      <translation>验收</translation>
    </message>
    <message>
      <source>%1 projects exported.</source>
      <translation>已导出 %1 个项目。</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Money (10k yuan)</source>
      <translation>资金（万元）</translation>
    </message>
    <message>
      <source>estimate %1 · budget %2 · spent %3</source>
      <translation>估算 %1 · 预算 %2 · 已支出 %3</translation>
    </message>
    <message>
      <source>Votes for</source>
      <translation>得票</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Screening</source>
      <translation>论证初选</translation>
    </message>
    <message>
      <source>Milestones</source>
      <translation>时间节点</translation>
    </message>
    <message>
      <source>Progress and supervision</source>
      <translation>进度与督查</translation>
    </message>
    <message>
      <source>History</source>
      <translation>办理经过</translation>
    </message>
    <message>
      <source>planned</source>
      <translation>计划</translation>
    </message>
    <message>
      <source>not reached</source>
      <translation>未完成</translation>
    </message>
  </context>
  <context>
    <name>ReceptionRulesDialog</name>
    <message>
      <source>Reception days</source>
      <translation>接待日</translation>
    </message>
    <message>
      <source>e.g. 每月10日上午 or 每周三</source>
      <translation>例如：每月10日上午、每周三</translation>
    </message>
    <message>
      <source>Deputies on duty, e.g. 周敏、wjh</source>
      <translation>值班代表，例如：周敏、wjh</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Reception day</source>
      <translation>接待日</translation>
    </message>
    <message>
      <source>On duty</source>
      <translation>值班代表</translation>
    </message>
  </context>
  <context>
    <name>ReportBackDialog</name>
    <message>
      <source>Record a report-back</source>
      <translation>登记述职</translation>
    </message>
    <message>
      <source>(no rating yet)</source>
      <translation>（尚未测评）</translation>
    </message>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Audience</source>
      <translation>听取对象</translation>
    </message>
    <message>
      <source>Number present</source>
      <translation>参加人数</translation>
    </message>
    <message>
      <source>Rating poll</source>
      <translation>测评票决</translation>
    </message>
    <message>
      <source>Line of the deputy</source>
      <translation>测评票中的代表</translation>
    </message>
  </context>
  <context>
    <name>RepresentativeDialog</name>
    <message>
      <source>Representative</source>
      <translation>议事代表</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Sector</source>
      <translation>界别</translation>
    </message>
    <message>
      <source>Workplace</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Joined on</source>
      <translation>任职日期</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Paired deputies</source>
      <translation>结对人大代表</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
  </context>
  <context>
    <name>RepresentativesTab</name>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Sector</source>
      <translation>界别</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>In office</source>
      <translation>在任</translation>
    </message>
    <message>
      <source>Retired</source>
      <translation>离任</translation>
    </message>
    <message>
      <source>Term</source>
      <translation>届次</translation>
    </message>
    <message>
      <source>No term yet</source>
      <translation>尚无届次</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Retire…</source>
      <translation>离任…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Print cards…</source>
      <translation>打印代表证…</translation>
    </message>
    <message>
      <source>History…</source>
      <translation>履历…</translation>
    </message>
    <message>
      <source>Term changeover…</source>
      <translation>换届…</translation>
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
    <name>ResolutionDialog</name>
    <message>
      <source>Resolution</source>
      <translation>决议</translation>
    </message>
    <message>
      <source>(not tied to an agenda item)</source>
      <translation>（不对应具体议程）</translation>
    </message>
    <message>
      <source>e.g. 28 for, 1 against, 2 abstaining</source>
      <translation>例如：赞成28票，反对1票，弃权2票</translation>
    </message>
    <message>
      <source>Agenda item</source>
      <translation>议程</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Votes</source>
      <translation>表决情况</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>正文</translation>
    </message>
  </context>
  <context>
    <name>RetireDialog</name>
    <message>
      <source>Retire %1</source>
      <translation>%1 离任</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Retire</source>
      <translation>离任</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
  </context>
  <context>
    <name>RosterColumns</name>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Sector</source>
      <translation>界别</translation>
    </message>
    <message>
      <source>Workplace</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Joined on</source>
      <translation>任职日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Left on</source>
      <translation>离任日期</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>层级</translation>
    </message>
    <message>
      <source>Election</source>
      <translation>选举方式</translation>
    </message>
    <message>
      <source>Constituency</source>
      <translation>选区</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>Attends meetings</source>
      <translation>列席会议</translation>
    </message>
    <message>
      <source>Fixed contacts</source>
      <translation>固定联系</translation>
    </message>
    <message>
      <source>Deputy</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Contact kind</source>
      <translation>联系对象类型</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>建立联系日期</translation>
    </message>
  </context>
  <context>
    <name>RosterPage</name>
    <message>
      <source>Deliberation representatives</source>
      <translation>议事代表</translation>
    </message>
    <message>
      <source>People's congress deputies</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Fixed contacts</source>
      <translation>固定联系</translation>
    </message>
    <message>
      <source>Communities</source>
      <translation>社区</translation>
    </message>
  </context>
  <context>
    <name>SessionController</name>
    <message>
      <source>Account</source>
      <translation>账号</translation>
    </message>
    <message>
      <source>Lock screen</source>
      <translation>锁屏</translation>
    </message>
    <message>
      <source>Switch user…</source>
      <translation>切换用户…</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>注销</translation>
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
      <source>Street name</source>
      <translation>街道名称</translation>
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
      <source>e.g. 解人工 (empty: from the street's name)</source>
      <translation>如：解人工（不填则取街道名称首字＋人工）</translation>
    </message>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>从不</translation>
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
      <source>Document number prefix (机关代字)</source>
      <translation>发文机关代字</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>保留备份份数</translation>
    </message>
    <message>
      <source>Lock the screen when idle for</source>
      <translation>无操作自动锁屏</translation>
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
      <source>Accounts and audit log</source>
      <translation>账号与审计日志</translation>
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
      <source>The audit trail is broken at entry %1: it was changed outside Yishi.</source>
      <translation>审计日志在第 %1 条处断裂：该记录曾在议事通之外被改动。</translation>
    </message>
    <message>
      <source>Audit trail</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>The audit trail is intact (%1 entries).</source>
      <translation>审计日志完整（共 %1 条）。</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <source>Sign in to Yishi</source>
      <translation>登录议事通</translation>
    </message>
    <message>
      <source>Yishi</source>
      <translation>议事通</translation>
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
    <name>SigninDesk</name>
    <message>
      <source>Scan the representative card, or type a name or pinyin initials, then Enter</source>
      <extracomment>attendance id → phone (masked for roles without personal data), for calling 未到. The attendance id of someone on leave whose sign-in the clerk is asked to confirm (the next scan or pick of the same person signs them in).</extracomment>
      <translation>扫描代表证，或输入姓名、拼音首字母后按回车</translation>
    </message>
    <message>
      <source>Expected</source>
      <extracomment>The last few outcomes at the desk, newest first (successes and refusals).</extracomment>
      <translation>应到</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>实到</translation>
    </message>
    <message>
      <source>On leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Not arrived</source>
      <translation>未到</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺席</translation>
    </message>
    <message>
      <source>Deputies attending</source>
      <translation>列席人大代表</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Attends as</source>
      <translation>身份</translation>
    </message>
    <message>
      <source>Representative</source>
      <translation>议事代表</translation>
    </message>
    <message>
      <source>Deputy (no vote)</source>
      <translation>人大代表（列席）</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Signed in at</source>
      <translation>签到时间</translation>
    </message>
    <message>
      <source>Reason for leave</source>
      <translation>请假理由</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Present (F5)</source>
      <translation>出席（F5）</translation>
    </message>
    <message>
      <source>On leave… (F6)</source>
      <translation>请假…（F6）</translation>
    </message>
    <message>
      <source>Absent (F7)</source>
      <translation>缺席（F7）</translation>
    </message>
    <message>
      <source>Clear mark (F8)</source>
      <translation>撤销标记（F8）</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Not arrived (with phone numbers)</source>
      <translation>未到（含联系电话）</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>出席</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>显示：</translation>
    </message>
    <message>
      <source>Choose a meeting first</source>
      <translation>请先选择会议</translation>
    </message>
    <message>
      <source>Open the meeting to start signing in; leave can be recorded now</source>
      <translation>开始会议后才能签到；请假现在就可以登记（F6）</translation>
    </message>
    <message>
      <source>The meeting is closed; sign-in is over</source>
      <translation>会议已闭会，签到已结束</translation>
    </message>
    <message>
      <source>Not opened yet: %1 expected, %2 needed for a quorum</source>
      <translation>会议尚未开始：应到 %1 人，法定人数 %2 人</translation>
    </message>
    <message>
      <source>Quorum reached (%1 needed)</source>
      <translation>已达到法定人数（需 %1 人）</translation>
    </message>
    <message>
      <source>No quorum yet: %1 more needed (%2 of %3)</source>
      <translation>尚未达到法定人数：还差 %1 人（应到 %3 人，需 %2 人）</translation>
    </message>
    <message>
      <source>Several people match; choose with ↑↓ and press Enter (Esc to go back).</source>
      <translation>有多人符合，请用↑↓选择后按回车（Esc 返回）。</translation>
    </message>
    <message>
      <source>deputy, no vote</source>
      <translation>人大代表，列席</translation>
    </message>
    <message>
      <source>Signed in: %1 %2</source>
      <translation>签到成功：%1　%2</translation>
    </message>
    <message>
      <source>Select a person in the list first.</source>
      <translation>请先在名单中选择一人。</translation>
    </message>
    <message>
      <source>Open the meeting to start signing in</source>
      <translation>开始会议后才能签到</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>Leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Reason for %1's leave:</source>
      <translation>%1 的请假理由：</translation>
    </message>
  </context>
  <context>
    <name>StationDialog</name>
    <message>
      <source>Station</source>
      <translation>联系站点</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Parent station</source>
      <translation>上级站点</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Activities at least</source>
      <translation>活动频次（至少）</translation>
    </message>
    <message>
      <source>Reception day</source>
      <translation>接待日</translation>
    </message>
  </context>
  <context>
    <name>StationPanel</name>
    <message>
      <source>Standing against the activity rule</source>
      <translation>活动频次达标情况</translation>
    </message>
    <message>
      <source>Reception rota</source>
      <translation>接待日安排</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Deputies taking part</source>
      <translation>参加代表</translation>
    </message>
    <message>
      <source>Residents</source>
      <translation>群众人数</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>内容摘要</translation>
    </message>
    <message>
      <source>New activity here…</source>
      <translation>在本站新增活动…</translation>
    </message>
    <message>
      <source>Reception days…</source>
      <translation>接待日…</translation>
    </message>
    <message>
      <source>Poster</source>
      <translation>履职码海报</translation>
    </message>
    <message>
      <source>Last month's report</source>
      <translation>上月报告</translation>
    </message>
    <message>
      <source>Last quarter's report</source>
      <translation>上季度报告</translation>
    </message>
    <message>
      <source>Year summary</source>
      <translation>年度汇总</translation>
    </message>
    <message>
      <source>Select a station above.</source>
      <translation>请在上方选择家站点。</translation>
    </message>
    <message>
      <source>This station is closed; it owes no activities.</source>
      <translation>该家站点已撤销，不再考核活动频次。</translation>
    </message>
    <message>
      <source>No reception days set.</source>
      <translation>尚未设置接待日。</translation>
    </message>
    <message>
      <source>%1: reception not held</source>
      <translation>%1：接待日未接待</translation>
    </message>
    <message>
      <source>%1: reception held</source>
      <translation>%1：已接待</translation>
    </message>
    <message>
      <source>Cannot do this</source>
      <translation>无法执行此操作</translation>
    </message>
    <message>
      <source>Station poster</source>
      <translation>履职码海报</translation>
    </message>
    <message>
      <source>Station report</source>
      <translation>站点履职活动报告</translation>
    </message>
  </context>
  <context>
    <name>StationsTab</name>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Parent station</source>
      <translation>上级站点</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>社区</translation>
    </message>
    <message>
      <source>Activities at least</source>
      <translation>活动频次（至少）</translation>
    </message>
    <message>
      <source>Reception day</source>
      <translation>接待日</translation>
    </message>
    <message>
      <source>Deputies</source>
      <translation>人大代表</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Search: name or address</source>
      <translation>查找：名称或地址</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Close station…</source>
      <translation>停用站点…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
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
      <source>Sync: restore from the server needed</source>
      <translation>同步：需要从服务器恢复</translation>
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
      <source>Sync: behind the street by %1 changes</source>
      <translation>同步：落后本街道 %1 条更改</translation>
    </message>
    <message>
      <source>Sync: up to date</source>
      <translation>同步：已是最新</translation>
    </message>
    <message>
      <source>behind the street by %1 changes</source>
      <translation>落后本街道 %1 条更改</translation>
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
      <source>Changes from other computers</source>
      <translation>其他电脑的更改</translation>
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
      <source>Restore from the server…</source>
      <translation>从服务器恢复…</translation>
    </message>
    <message>
      <source>Seq</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Number of changes</source>
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
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>This computer's version</source>
      <translation>本机的版本</translation>
    </message>
    <message>
      <source>Server's version</source>
      <translation>服务器的版本</translation>
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
      <source>Computer</source>
      <translation>电脑</translation>
    </message>
    <message>
      <source>Last sent</source>
      <translation>上次发送</translation>
    </message>
    <message>
      <source>Changes sent</source>
      <translation>已发送更改</translation>
    </message>
    <message>
      <source>Last received</source>
      <translation>上次接收</translation>
    </message>
    <message>
      <source>Changes received</source>
      <translation>已接收更改</translation>
    </message>
    <message>
      <source>Computers of this street</source>
      <translation>本街道的电脑</translation>
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
      <source>behind the street by %1 changes</source>
      <translation>落后本街道 %1 条更改</translation>
    </message>
    <message>
      <source>up to date</source>
      <translation>已是最新</translation>
    </message>
    <message>
      <source>The street already has data on the server, and this computer holds data of its own that the server has not got. Sending it would put a second roster next to the street's. Choose “Restore from the server…”: start from the server's data (this computer's file is kept as a backup), or cancel the enrolment.</source>
      <translation>服务器上已有本街道的数据，而本机还有服务器没有的自有数据。若发送出去，服务器上会出现第二份名册。请点“从服务器恢复…”：以服务器的数据为准重新开始（本机数据库文件先留作备份），或取消注册。</translation>
    </message>
    <message>
      <source>The street's data is being restored from the server; nothing can be changed on this computer until it is complete. Choose “Restore from the server…” to continue.</source>
      <translation>正在从服务器恢复本街道的数据，恢复完成前本机不能修改任何内容。请点“从服务器恢复…”继续。</translation>
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
      <source>（this computer）</source>
      <translation>（本机）</translation>
    </message>
    <message>
      <source>（revoked）</source>
      <translation>（已吊销）</translation>
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
      <source>Writing the batch files…</source>
      <translation>正在写出批次文件…</translation>
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
    <message>
      <source>Restore from the server</source>
      <translation>从服务器恢复</translation>
    </message>
    <message>
      <source>This computer holds data of its own for the street, which already has data on the server. Start from the server's data? This computer's database file is kept as a backup first.</source>
      <translation>本机有本街道的自有数据，而服务器上已有本街道的数据。要以服务器的数据为准重新开始吗？本机数据库文件会先留作备份。</translation>
    </message>
    <message>
      <source>Start from the server's data</source>
      <translation>以服务器数据为准</translation>
    </message>
    <message>
      <source>Cancel the enrolment</source>
      <translation>取消注册</translation>
    </message>
    <message>
      <source>Decide later</source>
      <translation>稍后决定</translation>
    </message>
    <message>
      <source>Restore paused; choose it again to continue.</source>
      <translation>恢复已暂停；再次点“从服务器恢复…”即可继续。</translation>
    </message>
    <message>
      <source>Restore finished.</source>
      <translation>恢复完成。</translation>
    </message>
    <message>
      <source>Restoring the street's data from the server…</source>
      <translation>正在从服务器恢复本街道的数据…</translation>
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
    <name>TalkDialog</name>
    <message>
      <source>Talk with %1</source>
      <translation>与%1谈心谈话</translation>
    </message>
    <message>
      <source>Report-back of %1, 优秀 rate %2.</source>
      <translation>%1 述职，优秀率 %2。</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Held by</source>
      <translation>谈话人</translation>
    </message>
    <message>
      <source>What was said</source>
      <translation>谈话内容</translation>
    </message>
    <message>
      <source>Improvement agreed</source>
      <translation>商定的改进措施</translation>
    </message>
  </context>
  <context>
    <name>ThresholdsDialog</name>
    <message>
      <source>Absence flags</source>
      <translation>缺席提示规则</translation>
    </message>
    <message>
      <source>off</source>
      <translation>不提示</translation>
    </message>
    <message>
      <source>Flag a representative or deputy who missed meetings without leave (leave is never an absence; 0 switches a rule off).</source>
      <translation>无故缺席达到以下次数的议事代表或人大代表将被提示（请假不算缺席；设为 0 表示不启用该项）。</translation>
    </message>
    <message>
      <source>Absences in a row</source>
      <translation>连续无故缺席次数</translation>
    </message>
    <message>
      <source>Absences in a year</source>
      <translation>年度无故缺席次数</translation>
    </message>
  </context>
  <context>
    <name>Tile</name>
    <message>
      <source>Click to open</source>
      <translation>点击打开</translation>
    </message>
  </context>
  <context>
    <name>UnitForm</name>
    <message>
      <source>Handling unit</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>In use (offered when assigning)</source>
      <translation>在用（交办时可选）</translation>
    </message>
    <message>
      <source>Unit name *</source>
      <translation>单位名称 *</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>承办联系人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
  </context>
  <context>
    <name>UnitsDialog</name>
    <message>
      <source>Handling units</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Unit name</source>
      <translation>单位名称</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>承办联系人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Change…</source>
      <translation>修改…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Unit in use</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>Unit retired</source>
      <translation>停用</translation>
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
  <context>
    <name>dialog</name>
    <message>
      <source>Switch user</source>
      <extracomment>Events that count as somebody working at the computer. Asks for a person and returns them signed in, or None (cancelled).</extracomment>
      <translation>切换用户</translation>
    </message>
  </context>
  <context>
    <name>parent</name>
    <message>
      <source>Cannot do this</source>
      <translation>无法执行此操作</translation>
    </message>
  </context>
</TS>