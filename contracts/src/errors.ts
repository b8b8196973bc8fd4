/**
 * Every error the API answers with. Services throw `AppError(code, details)`;
 * the one error handler maps the code to its HTTP status and a message in the
 * request's language. Codes are stable: clients may switch on them.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    zh: '请求内容不符合要求，请检查标注的字段。',
    en: 'The request is not valid; check the fields listed in details.',
  },
  INVALID_JSON: {
    status: 400,
    zh: '请求体不是合法的 JSON。',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '不支持的内容类型，请使用 application/json。',
    en: 'Unsupported content type; send application/json.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '请求体过大（上限 1 MB）。',
    en: 'The request body is too large (limit 1 MB).',
  },
  AUTH_REQUIRED: {
    status: 401,
    zh: '请先登录。',
    en: 'Please log in first.',
  },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期（超过 30 分钟未操作），请重新登录。',
    en: 'Your session has expired after 30 minutes idle; please log in again.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    zh: '用户名或密码错误。',
    en: 'Wrong username or password.',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '连续登录失败次数过多，账号已锁定，请在解锁时间后重试。',
    en: 'Too many failed logins; the account is locked until the time given in details.',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    zh: '账号已停用，请联系管理员。',
    en: 'This account is disabled; contact an administrator.',
  },
  FORBIDDEN: {
    status: 403,
    zh: '您没有执行此操作的权限。',
    en: 'You do not have permission to do this.',
  },
  OUT_OF_SCOPE: {
    status: 403,
    zh: '该行政区划不在您的管辖范围内。',
    en: 'That administrative division is outside your scope.',
  },
  NOT_FOUND: {
    status: 404,
    zh: '请求的地址不存在。',
    en: 'No such route.',
  },
  ORGANIZATION_NOT_FOUND: {
    status: 404,
    zh: '未找到该单位。',
    en: 'Organisation not found.',
  },
  USER_NOT_FOUND: {
    status: 404,
    zh: '未找到该用户。',
    en: 'User not found.',
  },
  DIVISION_NOT_FOUND: {
    status: 404,
    zh: '未找到该行政区划代码。',
    en: 'Administrative division code not found.',
  },
  DIVISION_UNKNOWN: {
    status: 400,
    zh: '行政区划代码不存在，请从行政区划列表中选择。',
    en: 'Unknown administrative division code; pick one from the division list.',
  },
  ORGANIZATION_NAME_TAKEN: {
    status: 409,
    zh: '同一行政区划内已有同名单位。',
    en: 'An organisation with this name already exists in that division.',
  },
  INCIDENT_NOT_FOUND: {
    status: 404,
    zh: '未找到该事件。',
    en: 'Incident not found.',
  },
  INCIDENT_CLOSED: {
    status: 409,
    zh: '该事件已结案，不能再续报；如需更正请添加备注。',
    en: 'This incident is closed; add a note instead of a report.',
  },
  INCIDENT_GRADE_BY_REGULATION: {
    status: 400,
    zh: '生产安全事故的等级由《生产安全事故报告和调查处理条例》按伤亡和损失自动确定，不能手工指定。',
    en: 'A production-safety accident is graded by Decree 493 from its casualties and losses; it cannot be set by hand.',
  },
  ESCALATION_LEVEL_INVALID: {
    status: 400,
    zh: '该层级不在本事件的上报链中。',
    en: 'That level is not in this incident’s reporting chain.',
  },
  DUTY_ORG_REQUIRED: {
    status: 400,
    zh: '请指定值班单位。',
    en: 'Give the organisation of the duty shift.',
  },
  insufficient_stock: {
    status: 409,
    zh: '库存不足，无法出库；details.available 为当前可用数量。',
    en: 'Not enough stock; details.available gives what is there.',
  },
  MOVEMENT_INVALID: {
    status: 400,
    zh: '出入库单据不完整：请按 details 补齐仓库、接收方或原因。',
    en: 'The movement is incomplete: see details for the warehouse, recipient or reason it needs.',
  },
  WAREHOUSE_NOT_FOUND: {
    status: 404,
    zh: '未找到该仓库。',
    en: 'Warehouse not found.',
  },
  SUPPLY_ITEM_NOT_FOUND: {
    status: 404,
    zh: '物资目录中没有该物资编码。',
    en: 'No such item code in the supplies catalogue.',
  },
  SUPPLY_ITEM_CODE_TAKEN: {
    status: 409,
    zh: '物资编码已存在。',
    en: 'That item code already exists.',
  },
  TEAM_NOT_FOUND: {
    status: 404,
    zh: '未找到该救援队伍。',
    en: 'Rescue team not found.',
  },
  MOVEMENT_NOT_FOUND: {
    status: 404,
    zh: '未找到该调拨单或其不在途。',
    en: 'Movement not found or not in transit.',
  },
  SUPPLY_REQUEST_NOT_FOUND: {
    status: 404,
    zh: '未找到该调拨申请。',
    en: 'Allocation request not found.',
  },
  SUPPLY_REQUEST_NOT_PENDING: {
    status: 409,
    zh: '该调拨申请当前状态不允许此操作。',
    en: 'The allocation request is not in a state that allows this.',
  },
  SUPPLY_REQUEST_SELF_APPROVAL: {
    status: 403,
    zh: '调拨申请须由上级审批，不能审批本级的申请。',
    en: 'An allocation request is approved by a higher level, not by the requesting level.',
  },
  SUPPLY_REQUEST_LINES_INVALID: {
    status: 400,
    zh: '审批数量须大于零，且不得超过申请数量或包含未申请的物资。',
    en: 'Approved quantities must be above zero and may not exceed the request or add items not asked for.',
  },
  ROUTER_UNAVAILABLE: {
    status: 503,
    zh: '未配置道路网络（ROAD_NETWORK）或外部路径服务（ROUTER_URL），无法按道路通行时间计算。',
    en: 'No road network (ROAD_NETWORK) or external router (ROUTER_URL) is configured, so travel times by road cannot be computed.',
  },
  LOCATION_OFF_NETWORK: {
    status: 400,
    zh: '该位置距道路网络过远（超过5公里），请检查坐标。',
    en: 'That location is more than 5 km from the road network; check the coordinates.',
  },
  SHELTER_NOT_FOUND: { status: 404, zh: '未找到该避难场所。', en: 'Shelter not found.' },
  EQUIPMENT_NOT_FOUND: { status: 404, zh: '未找到该装备。', en: 'Equipment not found.' },
  EXPERT_NOT_FOUND: { status: 404, zh: '未找到该专家。', en: 'Expert not found.' },
  PLAN_NOT_FOUND: { status: 404, zh: '未找到该预案。', en: 'Plan not found.' },
  PLAN_PARENT_INVALID: {
    status: 400,
    zh: '上级预案不存在、不在您的管辖范围内，或会形成循环。',
    en: 'The parent plan does not exist, is outside your area, or would create a cycle.',
  },
  PLAN_DEPARTMENT_INVALID: {
    status: 400,
    zh: '预案中的成员单位不存在或不在预案所属区域内，请检查各项行动的责任单位。',
    en: "A member department named in the plan does not exist or is outside the plan's area; check each action's department.",
  },
  PLAN_OWNER_ONLY: {
    status: 403,
    zh: '企业用户只能编制和修改本单位的预案。',
    en: "An enterprise user may only write its own organisation's plans.",
  },
  PLAN_NOT_PUBLISHED: {
    status: 409,
    zh: '只能启动已发布的预案，请先发布该预案。',
    en: 'Only a published plan can be activated; publish it first.',
  },
  PLAN_LEVEL_UNDEFINED: {
    status: 400,
    zh: '该预案未定义此响应级别，请选择预案中已有的级别。',
    en: 'The plan does not define that response level; choose one of its levels.',
  },
  RESPONSE_NOT_FOUND: { status: 404, zh: '未找到该应急响应。', en: 'Response not found.' },
  RESPONSE_ALREADY_ACTIVE: {
    status: 409,
    zh: '该事件已按此预案启动响应，请在指挥看板上调整级别。',
    en: 'A response under this plan is already active for the incident; change its level on the command board.',
  },
  RESPONSE_ENDED: {
    status: 409,
    zh: '该响应已终止，不能再修改。',
    en: 'The response has ended and can no longer be changed.',
  },
  RESPONSE_SAME_LEVEL: {
    status: 409,
    zh: '响应已处于该级别。',
    en: 'The response is already at that level.',
  },
  TASK_NOT_FOUND: { status: 404, zh: '未找到该任务。', en: 'Task not found.' },
  TASK_CLOSED: {
    status: 409,
    zh: '该任务已完成或已取消，不能再更新状态。',
    en: 'The task is done or cancelled; its status can no longer change.',
  },
  TASK_STATUS_BACKWARDS: {
    status: 409,
    zh: '任务状态只能向前推进（待办→已签收→处置中→已完成）。',
    en: 'A task moves forward only (pending → acknowledged → in progress → done).',
  },
  DRILL_NOT_FOUND: { status: 404, zh: '未找到该演练记录。', en: 'Drill record not found.' },
  DRILL_PLAN_INVALID: {
    status: 400,
    zh: '演练所依据的预案须属于该单位，且不能是草稿。',
    en: 'The plans a drill exercises must belong to the organisation and must not be drafts.',
  },
  DRILL_DATE_FUTURE: {
    status: 400,
    zh: '演练日期不能晚于今天；计划中的演练请录入年度演练计划。',
    en: "A drill record cannot be dated in the future; enter planned drills in the year's drill plan.",
  },
  SCHEDULE_NOT_FOUND: { status: 404, zh: '未找到该演练计划。', en: 'Drill plan entry not found.' },
  SENSOR_NOT_FOUND: { status: 404, zh: '未找到该监测设备。', en: 'Sensor not found.' },
  SENSOR_CODE_TAKEN: {
    status: 409,
    zh: '该设备编码已被使用，请换一个编码。',
    en: 'That sensor code is already in use; choose another.',
  },
  RULE_METRIC_UNKNOWN: {
    status: 400,
    zh: '该设备没有这个监测指标，请从设备的指标中选择。',
    en: 'The sensor has no such metric; choose one of its metrics.',
  },
  ALARM_NOT_FOUND: { status: 404, zh: '未找到该告警。', en: 'Alarm not found.' },
  ALARM_NOT_ACTIVE: {
    status: 409,
    zh: '该告警已确认或已解除，无需再次确认。',
    en: 'The alarm is already acknowledged or cleared.',
  },
  ALARM_HAS_INCIDENT: {
    status: 409,
    zh: '该告警已转为事件。',
    en: 'The alarm has already been turned into an incident.',
  },
  ROUTER_FAILED: {
    status: 503,
    zh: '外部路径服务（ROUTER_URL）无响应或应答有误，暂时无法按道路通行时间计算，请稍后重试或检查路径服务。',
    en: 'The external routing service (ROUTER_URL) did not answer or answered wrongly; travel times by road cannot be computed right now — retry later or check the routing service.',
  },
  COVERAGE_NEEDS_BOUNDARY: {
    status: 409,
    zh: '该行政区没有边界数据。使用外部路径服务（ROUTER_URL）时，覆盖率按行政区边界内的网格点计算，请先导入边界。',
    en: 'This division has no boundary. With the external routing service (ROUTER_URL), coverage is computed on grid points inside the boundary; import the boundary first.',
  },
  WARNING_NOT_FOUND: {
    status: 404,
    zh: '预警信息不存在。',
    en: 'Warning not found.',
  },
  WARNING_SELF_APPROVAL: {
    status: 403,
    zh: '预警信息须由起草人以外的人员审批。',
    en: 'A warning must be approved by someone other than its drafter.',
  },
  WARNING_STATE_INVALID: {
    status: 409,
    zh: '预警信息当前状态不允许此操作。',
    en: 'The warning is not in a state that allows this action.',
  },
  WARNING_EXPIRED: {
    status: 409,
    zh: '预警信息已过失效时间，请修改起止时间后再提交或发布。',
    en: 'The warning has already expired; change its onset and expiry before submitting or publishing it.',
  },
  CAP_INVALID: {
    status: 400,
    zh: '不是有效的 CAP 1.2 消息。',
    en: 'The body is not a valid CAP 1.2 message.',
  },
  SUBSCRIBER_NOT_FOUND: {
    status: 404,
    zh: '预警订阅者不存在。',
    en: 'Subscriber not found.',
  },
  RISK_POINT_NOT_FOUND: { status: 404, zh: '未找到该风险点。', en: 'Risk point not found.' },
  MAJOR_HAZARD_SOURCE_NOT_FOUND: { status: 404, zh: '未找到该重大危险源。', en: 'Major hazard source not found.' },
  VULNERABLE_TARGET_NOT_FOUND: { status: 404, zh: '未找到该脆弱性目标。', en: 'Vulnerable target not found.' },
  HAZARD_NOT_FOUND: { status: 404, zh: '未找到该隐患。', en: 'Hazard not found.' },
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '未找到该附件。', en: 'Attachment not found.' },
  RISK_OWN_ORG_ONLY: {
    status: 403,
    zh: '企业用户只能登记和修改本单位的风险点、重大危险源和隐患。',
    en: "An enterprise user may only record its own organisation's risk points, major hazard sources and hazards.",
  },
  RISK_ORG_INVALID: {
    status: 400,
    zh: '所属单位须为企业，且位于所填行政区划内；关联的风险点须属于同一单位。',
    en: 'The organisation must be an enterprise in the given division, and a linked risk point must belong to it.',
  },
  VULNERABLE_TARGET_GOVERNMENT_ONLY: {
    status: 403,
    zh: '脆弱性目标由政府部门登记，企业用户不能修改。',
    en: 'Vulnerable targets are recorded by government users; an enterprise user cannot change them.',
  },
  HAZARD_TRANSITION_INVALID: {
    status: 409,
    zh: '隐患当前状态不允许转到该状态；details.allowed 列出当前可转到的状态。',
    en: 'The hazard cannot move to that state from its current one; details.allowed lists the states it can move to.',
  },
  HAZARD_TRANSITION_FORBIDDEN: {
    status: 403,
    zh: '您没有执行此隐患流转的权限；details.requires 为所需权限。',
    en: 'You may not make this hazard transition; details.requires names the permission it needs.',
  },
  HAZARD_VERIFIER_IS_RECTIFIER: {
    status: 403,
    zh: '隐患整改验收须由整改人以外的人员进行，整改人不能验收自己的整改。',
    en: 'A rectification is verified by someone other than the person who rectified it.',
  },
  HAZARD_PLAN_INCOMPLETE: {
    status: 409,
    zh: '重大隐患治理方案须包含目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案（五落实）后方可批准；details.missing 列出缺少的内容。',
    en: 'A major-hazard rectification plan needs its objective, measures, funding, organisation, timeline and safety/contingency measures before approval; details.missing lists what is missing.',
  },
  HAZARD_TRANSITION_INCOMPLETE: {
    status: 400,
    zh: '此流转需要补充信息：details.missing 列出缺少的字段（如交办需责任人和整改期限，提交方案需治理方案）。',
    en: 'This transition needs more information; details.missing lists the fields (assigning needs a responsible person and deadline, submitting a plan needs the plan).',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: '附件过大，单个文件不能超过 10 MB。',
    en: 'The attachment is too large; a file may be at most 10 MB.',
  },
  ATTACHMENT_TYPE_INVALID: {
    status: 415,
    zh: '附件类型不支持或内容与类型不符，仅支持 JPEG、PNG、WebP 图片和 PDF 文件。',
    en: 'Unsupported attachment, or its content does not match its type; send a JPEG, PNG or WebP image or a PDF.',
  },
  ATTACHMENT_INVALID: {
    status: 400,
    zh: '附件不存在、已被其他记录使用或不是您上传的，请重新上传。',
    en: 'An attachment does not exist, is already used elsewhere, or was not uploaded by you; upload it again.',
  },
  PROGRAMME_NOT_FOUND: {
    status: 404,
    zh: '规划实施方案不存在或不在您的管辖范围内。',
    en: 'The programme does not exist or is outside your scope.',
  },
  PROGRAMME_EXISTS: {
    status: 409,
    zh: '本行政区划已有相同文号的规划实施方案，请勿重复导入。',
    en: 'A programme with this document number already exists in this division; do not import it twice.',
  },
  PROGRAMME_TASK_NOT_FOUND: {
    status: 404,
    zh: '该任务不存在，或您的单位不是其牵头单位或责任单位。',
    en: 'The task does not exist, or your organisation is neither its lead nor a responsible unit.',
  },
  PROGRAMME_NOT_YOUR_TASK: {
    status: 403,
    zh: '只有任务的牵头单位或责任单位才能报送进展，您的单位不在该任务的分工之中。',
    en: 'Only the lead or responsible units of a task report on it; your organisation is not assigned to this task.',
  },
  PROGRAMME_CLOSED: {
    status: 409,
    zh: '该规划实施方案已结束（或尚未启用），不再接收进展报送。',
    en: 'The programme is closed (or still a draft) and takes no progress reports.',
  },
  PROGRAMME_PERIOD_INVALID: {
    status: 400,
    zh: '报送期次不符合本方案的报送周期（按月为 YYYY-MM，按季度为 YYYY-Qn），或尚未开始。',
    en: 'The period does not match the programme’s reporting cycle (YYYY-MM monthly, YYYY-Qn quarterly) or has not started yet.',
  },
  PROGRAMME_EVALUATION_NOT_FOUND: {
    status: 404,
    zh: '评估报告不存在或不在您的管辖范围内。',
    en: 'The evaluation does not exist or is outside your scope.',
  },
  PROGRAMME_EVALUATION_YEAR_INVALID: {
    status: 400,
    zh: '评估年度须在规划期内（年度监测）或规划期末之后不早于期末年（总结评估）。',
    en: 'The evaluation year must lie within the programme period (annual, mid-term) or be its last year or later (final).',
  },
  PROGRAMME_IMPORT_INVALID: {
    status: 400,
    zh: '导入的规划实施方案内容不完整或有误，details 列出各处问题（工作表、行号、字段）。',
    en: 'The imported programme is incomplete or wrong; details lists each problem (sheet, row, field).',
  },
  USERNAME_TAKEN: {
    status: 409,
    zh: '用户名已被占用。',
    en: 'That username is already taken.',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: '密码至少 10 位，并包含大写字母、小写字母、数字、符号中的至少三类。',
    en: 'The password needs at least 10 characters from at least three of: upper case, lower case, digits, symbols.',
  },
  PARENT_ORGANIZATION_INVALID: {
    status: 400,
    zh: '上级单位不存在或不能设为自身的下级。',
    en: 'The parent organisation does not exist or would create a cycle.',
  },
  SUPPLY_REQUEST_SELF_REJECTION: {
    status: 403,
    zh: '调拨申请须由上级审核，不能驳回本级提出的申请。',
    en: 'An allocation request is rejected by a higher level, not by the requesting level.',
  },
  IMPORT_FILE_INVALID: {
    status: 400,
    zh: '无法读取上传的文件，请上传 .xlsx 格式的 Excel 表格（可先下载导入模板）。',
    en: 'The upload could not be read; send an .xlsx workbook (download the import template first).',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    zh: '导入文件过大（上限 5 MB），请拆分后分批导入。',
    en: 'The import file is too large (limit 5 MB); split it and import in parts.',
  },
  IMPORT_COLUMNS_MISSING: {
    status: 400,
    zh: '表头缺少必填列，请使用导入模板或导出的表格。',
    en: 'The header row lacks required columns; use the import template or an exported sheet.',
  },
  IMPORT_NO_ROWS: {
    status: 400,
    zh: '表格中没有数据行。',
    en: 'The sheet has no data rows.',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 400,
    zh: '一次最多导入 1000 行，请拆分后分批导入。',
    en: 'At most 1000 rows can be imported at once; split the sheet and import in parts.',
  },
  IMPORT_ROWS_INVALID: {
    status: 400,
    zh: '表格中有数据不符合要求，未导入任何记录；请按所列行号和字段修改后重新导入。',
    en: 'Some rows are not valid, so nothing was imported; fix the rows and fields listed and import again.',
  },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请稍后再试；如持续出现请联系管理员并提供请求编号。',
    en: 'Internal server error; try again later, and quote the request id if it persists.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    zh: '服务正在关闭或暂不可用，请稍后再试。',
    en: 'The service is shutting down or unavailable; try again shortly.',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}
